/** Which PSA companies the sync looks after: not deleted, active (by default), statuses and types. */
import type { PsaCompany } from '../provider/types.js';
import type { ResolvedSyncOptions } from './options.js';

/** Why a company is out of scope, or undefined when it is in. */
export function outOfScope(company: PsaCompany, filter: ResolvedSyncOptions['filter']): string | undefined {
  if (company.deleted) return 'deleted in the PSA';
  if (filter.activeOnly && !company.active) return 'inactive in the PSA';
  const status = company.status?.toLowerCase();
  if (filter.statuses.include && !(status && lower(filter.statuses.include).has(status)))
    return `status "${company.status ?? ''}" is not in filter.statuses.include`;
  if (status && filter.statuses.exclude && lower(filter.statuses.exclude).has(status))
    return `status "${company.status}" is in filter.statuses.exclude`;
  const types = company.types.map((t) => t.toLowerCase());
  if (filter.types.include && !types.some((t) => lower(filter.types.include!).has(t)))
    return `no type in filter.types.include (has ${company.types.join(', ') || 'none'})`;
  const excluded = filter.types.exclude ? types.find((t) => lower(filter.types.exclude!).has(t)) : undefined;
  if (excluded) return `type "${excluded}" is in filter.types.exclude`;
  return undefined;
}

function lower(list: readonly string[]): Set<string> {
  return new Set(list.map((v) => v.toLowerCase()));
}
