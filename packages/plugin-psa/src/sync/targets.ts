/**
 * The companies of a pushed run (`ctx.targets`: PSA company ids a webhook named). The webhook is only a
 * hint: every company is read again from the PSA by id, so what is synced is what the PSA says now.
 * A provider without `getCompanies` is read through a full listing, filtered to the ids.
 */
import type { PsaCompany, PsaProvider } from '../provider/types.js';

export interface TargetRead {
  /** The companies the PSA has (deleted ones flagged, where it still shows them). */
  companies: PsaCompany[];
  /** Ids the PSA does not know (any more): handled like companies missing from a full listing. */
  gone: string[];
}

export async function readTargets(provider: PsaProvider, targets: readonly string[]): Promise<TargetRead> {
  const wanted = new Set(targets);
  const found = new Map<string, PsaCompany>();
  const source = provider.getCompanies ? provider.getCompanies([...wanted]) : provider.listCompanies({});
  for await (const company of source) {
    // A provider answering more than was asked (or a listing) never widens the run.
    if (wanted.has(company.id) && !found.has(company.id)) found.set(company.id, company);
  }
  return { companies: [...found.values()], gone: [...wanted].filter((id) => !found.has(id)) };
}
