/**
 * Finds the IT Glue organization of one PSA company, trying the configured strategies in order:
 * stored mapping → PSA id (what `filter[psa_integration_type]`+`filter[psa_id]` answers, for orgs IT
 * Glue's own sync created) → short name = identifier → exact name → normalised name. The first
 * strategy with exactly one eligible organization wins. Normalised-name hits are never taken: they
 * are candidates for a person (the review file), unless a person already confirmed or rejected them.
 * An organization already synced from another PSA company is not eligible: that is a conflict.
 */
import type { PsaCompany } from '../provider/types.js';
import type { MatchStrategy } from './options.js';
import type { OrganizationIndex, OrgSummary } from './org-index.js';

export type MatchVia = MatchStrategy | 'review';

export type Match =
  | { kind: 'matched'; org: OrgSummary; via: MatchVia }
  | { kind: 'review'; candidates: OrgSummary[] }
  | { kind: 'ambiguous'; via: MatchStrategy; orgs: OrgSummary[] }
  | { kind: 'claimed'; via: MatchStrategy; org: OrgSummary; by: string }
  | { kind: 'none' };

export interface ReviewDecisions {
  confirmed?: string;
  rejected: ReadonlySet<string>;
}

export interface MatchContext {
  index: OrganizationIndex;
  strategies: readonly MatchStrategy[];
  /** The provider's IT Glue `psa-integration-type`, when IT Glue's own sync knows this PSA. */
  integrationType?: string;
  /** Organization id → the source key already synced into it (organizations only). */
  claimedBy: ReadonlyMap<string, string>;
}

export interface MatchInput {
  company: PsaCompany;
  sourceKey: string;
  /** The organization this source key was written to before (the state store's mapping). */
  mappedOrgId?: string;
  review?: ReviewDecisions;
}

export function matchCompany(input: MatchInput, context: MatchContext): Match {
  const { company, sourceKey } = input;
  const { index } = context;
  const owner = (org: OrgSummary) => context.claimedBy.get(org.id);
  const eligible = (org: OrgSummary) => {
    const by = owner(org);
    return by === undefined || by === sourceKey;
  };
  const confirmed = input.review?.confirmed ? index.get(input.review.confirmed) : undefined;

  for (const strategy of context.strategies) {
    if (strategy === 'mapping') {
      const mapped = input.mappedOrgId ? index.get(input.mappedOrgId) : undefined;
      if (mapped) return { kind: 'matched', org: mapped, via: 'mapping' };
      // A person's confirmation counts as much as a mapping (the next run stores it as one).
      if (confirmed && eligible(confirmed)) return { kind: 'matched', org: confirmed, via: 'review' };
      continue;
    }
    if (strategy === 'normalized-name') {
      if (confirmed && eligible(confirmed)) return { kind: 'matched', org: confirmed, via: 'review' };
      const candidates = index
        .byNormalizedName(company.name)
        .filter((org) => eligible(org) && !input.review?.rejected.has(org.id));
      if (candidates.length > 0) return { kind: 'review', candidates };
      continue;
    }
    const hits = hitsOf(strategy, company, context);
    if (hits.length === 0) continue;
    const mine = hits.filter(eligible);
    if (mine.length === 1) return { kind: 'matched', org: mine[0]!, via: strategy };
    if (mine.length > 1) return { kind: 'ambiguous', via: strategy, orgs: mine };
    return { kind: 'claimed', via: strategy, org: hits[0]!, by: owner(hits[0]!)! };
  }
  return { kind: 'none' };
}

function hitsOf(strategy: MatchStrategy, company: PsaCompany, context: MatchContext): OrgSummary[] {
  switch (strategy) {
    case 'psa-id':
      return context.integrationType ? context.index.byPsaId(context.integrationType, company.id) : [];
    case 'identifier':
      return company.identifier ? context.index.byShortName(company.identifier) : [];
    case 'exact-name':
      return context.index.byExactName(company.name);
    default:
      return [];
  }
}

/** How much a match is worth when two companies want the same organization (higher wins). */
export const STRENGTH: Record<MatchVia, number> = {
  mapping: 5,
  review: 4,
  'psa-id': 3,
  identifier: 2,
  'exact-name': 1,
  'normalized-name': 0,
};
