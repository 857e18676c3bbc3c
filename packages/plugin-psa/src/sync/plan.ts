/**
 * Decides, for every in-scope PSA company at once, what the sync will do — before anything is written,
 * because conflicts are only visible across companies:
 * - two PSA companies with the same normalised name are never matched or created by name (a person
 *   must tell them apart); matches by mapping, PSA id, identifier or a review decision still stand;
 * - two companies matching one organization: the stronger match keeps it, a tie is a conflict for both.
 */
import type { PsaCompany } from '../provider/types.js';
import { matchCompany, STRENGTH, type MatchContext, type MatchVia, type ReviewDecisions } from './match.js';
import type { OrgSummary } from './org-index.js';

export type Decision =
  | { kind: 'write'; company: PsaCompany; sourceKey: string; org?: OrgSummary; via?: MatchVia }
  | { kind: 'review'; company: PsaCompany; sourceKey: string; candidates: OrgSummary[] }
  | { kind: 'conflict'; company: PsaCompany; sourceKey: string; reason: string };

export interface PlanInput {
  companies: PsaCompany[];
  sourceKeyOf(company: PsaCompany): string;
  mappedOrgId(sourceKey: string): string | undefined;
  reviewOf(sourceKey: string): ReviewDecisions | undefined;
  normalize(name: string): string;
  context: MatchContext;
}

/** Matches by these survive a shared normalised name: they do not rely on the name. */
const NAME_FREE: ReadonlySet<MatchVia> = new Set(['mapping', 'review', 'psa-id', 'identifier']);

export function planSync(input: PlanInput): Decision[] {
  const decisions = input.companies.map((company) => decide(company, input));
  flagSharedNames(decisions, input.normalize);
  flagSharedOrganizations(decisions);
  return decisions;
}

function decide(company: PsaCompany, input: PlanInput): Decision {
  const sourceKey = input.sourceKeyOf(company);
  const mapped = input.mappedOrgId(sourceKey);
  const review = input.reviewOf(sourceKey);
  const match = matchCompany(
    { company, sourceKey, ...(mapped ? { mappedOrgId: mapped } : {}), ...(review ? { review } : {}) },
    input.context,
  );
  switch (match.kind) {
    case 'matched':
      return { kind: 'write', company, sourceKey, org: match.org, via: match.via };
    case 'none':
      return { kind: 'write', company, sourceKey };
    case 'review':
      return { kind: 'review', company, sourceKey, candidates: match.candidates };
    case 'ambiguous':
      return {
        kind: 'conflict',
        company,
        sourceKey,
        reason: `${describe(company)} matches ${match.orgs.length} organizations by ${match.via} (${match.orgs
          .map((o) => `"${o.name}" #${o.id}`)
          .join(', ')})`,
      };
    case 'claimed':
      return {
        kind: 'conflict',
        company,
        sourceKey,
        reason: `${describe(company)} matches "${match.org.name}" #${match.org.id} by ${match.via}, which is already synced from ${match.by}`,
      };
  }
}

function flagSharedNames(decisions: Decision[], normalize: (name: string) => string): void {
  const groups = new Map<string, number[]>();
  decisions.forEach((decision, i) => {
    const key = normalize(decision.company.name);
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  for (const [normalized, members] of groups) {
    if (members.length < 2) continue;
    for (const i of members) {
      const decision = decisions[i]!;
      if (decision.kind === 'write' && decision.via && NAME_FREE.has(decision.via)) continue;
      if (decision.kind === 'conflict') continue;
      const others = members
        .filter((j) => j !== i)
        .map((j) => decisions[j]!.company.id)
        .join(', ');
      decisions[i] = {
        kind: 'conflict',
        company: decision.company,
        sourceKey: decision.sourceKey,
        reason: `${describe(decision.company)} shares the normalised name "${normalized}" with PSA company ${others}; not matched or created by name`,
      };
    }
  }
}

function flagSharedOrganizations(decisions: Decision[]): void {
  const byOrg = new Map<string, number[]>();
  decisions.forEach((decision, i) => {
    if (decision.kind === 'write' && decision.org) {
      byOrg.set(decision.org.id, [...(byOrg.get(decision.org.id) ?? []), i]);
    }
  });
  for (const members of byOrg.values()) {
    if (members.length < 2) continue;
    const strength = (i: number) => STRENGTH[(decisions[i] as { via: MatchVia }).via];
    const best = Math.max(...members.map(strength));
    const winners = members.filter((i) => strength(i) === best);
    for (const i of members) {
      if (winners.length === 1 && i === winners[0]) continue;
      const decision = decisions[i] as Extract<Decision, { kind: 'write' }>;
      const rivals = members
        .filter((j) => j !== i)
        .map((j) => `${decisions[j]!.company.id} (by ${(decisions[j] as { via: MatchVia }).via})`)
        .join(', ');
      decisions[i] = {
        kind: 'conflict',
        company: decision.company,
        sourceKey: decision.sourceKey,
        reason: `${describe(decision.company)} and PSA company ${rivals} all match "${decision.org!.name}" #${decision.org!.id}`,
      };
    }
  }
}

export function describe(company: PsaCompany): string {
  return `PSA company ${company.id} "${company.name}"`;
}
