/**
 * `psa.sync-organizations`: PSA companies → IT Glue organizations.
 * 1. Read what we know: the organizations (one listing), type/status ids, this plugin's mappings,
 *    the review file and the incremental bookmark.
 * 2. List the companies (since the bookmark, minus an overlap) and split them into in and out of scope.
 * 3. Decide for all of them at once (plan.ts), so shared names and contested organizations are seen.
 * 4. Write through `ctx.itglue.upsert` (source key `<source>:<company id>`): an unchanged company costs
 *    no write. PSA-locked organizations only get description/quick notes and are reported.
 * 5. `onMissingInPsa: mark-inactive`, the review file, and the bookmark — the last only when no item failed.
 * A pushed run (`ctx.targets`, from glueflow serve) reads just those companies by id instead of step 2 and
 * goes through the same steps 3–5, without the bookmark (targets.ts).
 */
import type { StepContext } from '@glueflow/core';
import type { PsaCompany, PsaProvider, PsaProviderFactory } from '../provider/types.js';
import { splitPsaWritable } from '@glueflow/core';
import { OrganizationFields } from './attributes.js';
import { outOfScope } from './filter.js';
import { nameNormalizer } from './normalize-name.js';
import type { ResolvedSyncOptions } from './options.js';
import { OrganizationIndex, summarize, type OrgSummary } from './org-index.js';
import { describe, planSync, type Decision } from './plan.js';
import { ReviewFile, type ReviewPair } from './review-file.js';
import { loadMappings, type OrgMappings } from './mappings.js';
import { markMissingInactive } from './missing.js';
import { learnPsaIds } from './psa-ids.js';
import { Bookmark } from './bookmark.js';
import { readTargets } from './targets.js';
import { resolve } from 'node:path';

export interface SyncRun {
  ctx: StepContext;
  options: ResolvedSyncOptions;
  factory: PsaProviderFactory;
  provider: PsaProvider;
  /** Items the step failed so far (provider row errors included): the bookmark waits for a clean run. */
  failures: { count: number };
}

export async function syncOrganizations(run: SyncRun): Promise<void> {
  const { ctx, options, factory } = run;
  const normalize = nameNormalizer(options.nameSuffixes);
  const bookmark = new Bookmark(ctx, `companies:${options.source}`, factory.incremental, options.full);
  // A pushed run reads its companies by id: the bookmark is the full listing's, neither used nor moved.
  const since = ctx.targets ? undefined : await bookmark.since();
  const [mappings, review] = await Promise.all([
    loadMappings(ctx, options.source),
    ReviewFile.open(resolve(ctx.baseDir, options.reviewFile), ctx.baseDir),
  ]);

  // The PSA first: a refused credential costs no IT Glue request, and an idle incremental run none at all.
  const inScope: PsaCompany[] = [];
  const leftScope: PsaCompany[] = [];
  const classify = (company: PsaCompany) => {
    const reason = outOfScope(company, options.filter);
    if (reason) {
      leftScope.push(company);
      ctx.count('skipped');
      ctx.logger.debug(`${describe(company)} is out of scope: ${reason}`);
    } else inScope.push(company);
  };
  const pushed = ctx.targets ? await readTargets(run.provider, ctx.targets) : undefined;
  if (pushed) {
    pushed.companies.forEach(classify);
    ctx.logger.info(`pushed run: ${pushed.companies.length} of ${ctx.targets!.length} PSA companies read`, {
      source: options.source,
    });
  } else {
    for await (const company of run.provider.listCompanies(since ? { since } : {})) {
      if (bookmark.saw(company.id, company.updatedAt)) ctx.count('unchanged');
      else classify(company);
    }
  }
  const sourceKeyOf = (company: PsaCompany) => `${options.source}:${company.id}`;
  // Rows the provider could not read may be companies we synced: absence proves nothing then.
  const listingComplete = run.failures.count === 0;
  const markInactive = options.onMissingInPsa === 'mark-inactive' && listingComplete;
  const listed = new Set(inScope.map(sourceKeyOf));
  // A full listing shows who is gone; an incremental one only who changed and left the scope; a pushed
  // run who of its companies left the scope or the PSA.
  const gone = (pushed?.gone ?? []).map((id) => `${options.source}:${id}`);
  const missing = !markInactive
    ? []
    : pushed
      ? [...leftScope.map(sourceKeyOf), ...gone].filter((key) => mappings.mine.has(key))
      : bookmark.incremental
        ? leftScope.map(sourceKeyOf).filter((key) => mappings.mine.has(key))
        : [...mappings.mine.keys()].filter((key) => !listed.has(key));
  const goneSkipped = gone.filter((key) => !missing.includes(key));
  if (goneSkipped.length > 0) {
    ctx.count('skipped', goneSkipped.length);
    ctx.logger.debug(`${goneSkipped.length} pushed compan(ies) not in the PSA (deleted?): skipped`);
  }

  if (inScope.length > 0 || missing.length > 0) {
    const [index, fields] = await Promise.all([
      readOrganizations(ctx, normalize),
      OrganizationFields.load(ctx, options, markInactive),
    ]);
    ctx.logger.info(`${inScope.length} PSA companies in scope, ${index.size} IT Glue organizations`, {
      source: options.source,
      since: since ?? null,
    });
    const decisions = await writeCompanies(run, inScope, {
      index,
      fields,
      mappings,
      review,
      normalize,
      sourceKeyOf,
    });
    if (missing.length > 0) await markMissingInactive(run, missing, index, mappings, fields);
    review.update(new Set(decisions.map((d) => d.sourceKey)), decisions.proposals);
  }
  if (options.onMissingInPsa === 'mark-inactive' && !listingComplete) {
    ctx.report({
      severity: 'warning',
      code: 'EPSA_CONFIG',
      reason:
        'mark-inactive skipped: some PSA records could not be read this run, so missing companies cannot be told apart',
      hint: 'fix the rows reported above; the next clean run marks missing companies inactive',
    });
  }
  if (!ctx.dryRun && (await review.save())) {
    ctx.logger.info(`review file updated: ${review.pending} pair(s) pending`, { file: review.path });
  }
  if (run.failures.count === 0 && !pushed) await bookmark.save();
}

interface WriteContext {
  index: OrganizationIndex;
  fields: OrganizationFields;
  mappings: OrgMappings;
  review: ReviewFile;
  normalize: (name: string) => string;
  sourceKeyOf: (company: PsaCompany) => string;
}

/** Decides for every company at once (plan.ts), then writes each; returns the decisions and review proposals. */
async function writeCompanies(
  run: SyncRun,
  companies: PsaCompany[],
  w: WriteContext,
): Promise<Decision[] & { proposals: ReviewPair[] }> {
  const { ctx, options, factory } = run;
  if (options.match.includes('psa-id')) {
    const asked = await learnPsaIds(
      ctx,
      w.index,
      companies,
      factory.itglueIntegrationType,
      (company) => w.index.get(w.mappings.mine.get(w.sourceKeyOf(company)) ?? '') !== undefined,
    );
    if (asked > 0) ctx.logger.info(`${asked} PSA id(s) looked up through IT Glue's psa_id filter`);
  }
  const decisions = planSync({
    companies,
    sourceKeyOf: w.sourceKeyOf,
    mappedOrgId: (key) => w.mappings.mine.get(key),
    reviewOf: (key) => w.review.decisions(key),
    normalize: w.normalize,
    context: {
      index: w.index,
      strategies: options.match,
      ...(factory.itglueIntegrationType ? { integrationType: factory.itglueIntegrationType } : {}),
      claimedBy: w.mappings.claimedBy,
    },
  });
  const proposals: ReviewPair[] = [];
  let done = 0;
  await ctx.forEachItem(
    decisions,
    (d) => d.sourceKey,
    async (decision) => {
      try {
        await apply(run, decision, w.fields, w.mappings, proposals);
      } catch (error) {
        run.failures.count++;
        throw error;
      } finally {
        ctx.progress(++done, decisions.length);
      }
    },
  );
  return Object.assign(decisions, { proposals });
}

async function apply(
  run: SyncRun,
  decision: Decision,
  fields: OrganizationFields,
  mappings: OrgMappings,
  proposals: ReviewPair[],
): Promise<void> {
  const { ctx, options } = run;
  const { company, sourceKey } = decision;
  if (decision.kind === 'conflict') {
    ctx.count('skipped');
    ctx.report({
      severity: 'warning',
      code: 'EPSA_CONFLICT',
      reason: `conflict: ${decision.reason}`,
      item: sourceKey,
      hint: 'tell the companies apart in the PSA (names or identifiers), or map one by hand in the review file',
    });
    return;
  }
  if (decision.kind === 'review') {
    ctx.count('skipped');
    for (const org of decision.candidates) proposals.push(proposal(options.source, decision, org));
    ctx.report({
      severity: 'warning',
      code: 'EPSA_REVIEW',
      reason: `needs review: ${describe(company)} looks like ${decision.candidates
        .map((o) => `"${o.name}" #${o.id}`)
        .join(' or ')} (normalised name)`,
      item: sourceKey,
      hint: `set "decision" to "confirm" or "reject" in ${options.reviewFile}; the next run honours it`,
    });
    return;
  }
  const attributes = fields.attributes(company);
  const org = decision.org;
  if (!org) {
    if (!options.createMissing) {
      ctx.count('skipped');
      ctx.report({
        severity: 'info',
        reason: `${describe(company)} has no organization (createMissing: false)`,
        item: sourceKey,
      });
      return;
    }
    await ctx.itglue.upsert({
      sourceKey,
      resourceType: 'organizations',
      naturalKey: { name: company.name },
      attributes,
    });
    return;
  }
  await rememberMatch(ctx, sourceKey, org, mappings);
  const { writable, withheld } = org.locked
    ? splitPsaWritable('organizations', attributes)
    : { writable: attributes, withheld: [] };
  if (withheld.length > 0 && options.updateExisting) {
    ctx.report({
      severity: 'info',
      code: 'EPSA_LOCKED',
      reason: `skipped (psa-locked): "${org.name}" #${org.id} is synced by IT Glue's own PSA integration (psa-integration: ${org.psaIntegration}): ${withheld.join(', ')} not sent${
        Object.keys(writable).length > 0 ? `; ${Object.keys(writable).join(', ')} still writable` : ''
      }`,
      item: sourceKey,
      hint: `change those fields in the PSA (IT Glue's sync copies them), or turn IT Glue's PSA sync off for this organization`,
    });
  }
  if (!options.updateExisting || Object.keys(writable).length === 0) {
    ctx.count('skipped');
    return;
  }
  await ctx.itglue.upsert({
    sourceKey,
    resourceType: 'organizations',
    naturalKey: { name: org.name },
    attributes: writable,
  });
}

/**
 * Matched by something else than the stored mapping: store it, so the write gate updates this very
 * organization (its natural-key lookup only knows names) and the next run finds it by mapping.
 */
async function rememberMatch(ctx: StepContext, sourceKey: string, org: OrgSummary, mappings: OrgMappings) {
  if (mappings.mine.get(sourceKey) === org.id) return;
  await ctx.itglue.adopt(sourceKey, { resourceType: 'organizations', id: org.id });
  mappings.mine.set(sourceKey, org.id);
}

function proposal(
  source: string,
  decision: Extract<Decision, { kind: 'review' }>,
  org: OrgSummary,
): ReviewPair {
  return {
    source,
    sourceKey: decision.sourceKey,
    company: {
      id: decision.company.id,
      name: decision.company.name,
      identifier: decision.company.identifier,
    },
    organization: { id: org.id, name: org.name },
    reason: 'same name once case, punctuation and legal suffixes are ignored',
    decision: 'pending',
    proposedAt: new Date().toISOString(),
  };
}

async function readOrganizations(
  ctx: StepContext,
  normalize: (name: string) => string,
): Promise<OrganizationIndex> {
  const organizations: OrgSummary[] = [];
  for await (const record of ctx.itglue.read.organizations.list({ pageSize: 1000 })) {
    organizations.push(summarize(record as unknown as Record<string, unknown>));
  }
  return new OrganizationIndex(organizations, normalize);
}
