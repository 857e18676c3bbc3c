/**
 * Every IT Glue organization, read once per run (`page[size]=1000`, so ceil(orgs / 1000) calls) and
 * indexed in memory for each match strategy. PSA ids are the exception: IT Glue shows no PSA kind in
 * its answers, so they are learnt through its documented filters (psa-ids.ts).
 */
import { isPsaLocked } from '@glueflow/core';
import { exactName } from './normalize-name.js';

export interface OrgSummary {
  id: string;
  name: string;
  shortName: string | null;
  organizationStatusId: string | null;
  /** IT Glue's own PSA sync status (`enabled`, `disabled`, `orphaned`) or null. */
  psaIntegration: string | null;
  /** Set when the tenant's answers show it; otherwise learnt through the documented filters. */
  psaId: string | null;
  /** IT Glue's own PSA sync owns it: only alert, description and quick notes may be written. */
  locked: boolean;
}

export class OrganizationIndex {
  readonly #byId = new Map<string, OrgSummary>();
  readonly #byPsa = new Map<string, OrgSummary[]>();
  readonly #byShortName = new Map<string, OrgSummary[]>();
  readonly #byName = new Map<string, OrgSummary[]>();
  readonly #byNormalized = new Map<string, OrgSummary[]>();

  constructor(
    organizations: Iterable<OrgSummary>,
    private readonly normalize: (name: string) => string,
  ) {
    for (const org of organizations) {
      this.#byId.set(org.id, org);
      if (org.shortName) push(this.#byShortName, exactName(org.shortName), org);
      push(this.#byName, exactName(org.name), org);
      const normalized = normalize(org.name);
      if (normalized) push(this.#byNormalized, normalized, org);
    }
  }

  get size(): number {
    return this.#byId.size;
  }

  get(id: string): OrgSummary | undefined {
    return this.#byId.get(id);
  }

  /** True when IT Glue's own PSA sync touched any organization: only then can a PSA id match. */
  get anyPsaSynced(): boolean {
    for (const org of this.#byId.values()) if (org.psaIntegration !== null) return true;
    return false;
  }

  /** What `filter[psa_integration_type]=…&filter[psa_id]=…` answered (see psa-ids.ts). */
  byPsaId(integrationType: string, psaId: string): OrgSummary[] {
    return this.#byPsa.get(psaKey(integrationType, psaId)) ?? [];
  }

  /** Records what IT Glue answered for one PSA id (an empty answer is remembered too). */
  learnPsaId(integrationType: string, psaId: string, organizationIds: readonly string[]): void {
    const orgs = organizationIds.map((id) => this.#byId.get(id)).filter((org) => org !== undefined);
    this.#byPsa.set(psaKey(integrationType, psaId), orgs);
  }

  knowsPsaId(integrationType: string, psaId: string): boolean {
    return this.#byPsa.has(psaKey(integrationType, psaId));
  }

  byShortName(identifier: string): OrgSummary[] {
    return this.#byShortName.get(exactName(identifier)) ?? [];
  }

  byExactName(name: string): OrgSummary[] {
    return this.#byName.get(exactName(name)) ?? [];
  }

  byNormalizedName(name: string): OrgSummary[] {
    const normalized = this.normalize(name);
    return normalized ? (this.#byNormalized.get(normalized) ?? []) : [];
  }
}

/** The camelCase organization the client lists, reduced to what matching needs. */
export function summarize(record: Record<string, unknown>): OrgSummary {
  const text = (value: unknown) =>
    value === undefined || value === null || value === '' ? null : String(value);
  const psaIntegration = text(record.psaIntegration);
  return {
    id: String(record.id),
    name: String(record.name ?? ''),
    shortName: text(record.shortName),
    organizationStatusId: text(record.organizationStatusId),
    psaIntegration,
    psaId: text(record.psaId),
    locked: isPsaLocked({ psaIntegration }),
  };
}

/** PSA ids are compared as strings (IT Glue's filter takes text; a PSA may send numbers). */
function psaKey(type: string, id: string): string {
  return `${type.toLowerCase()}\u0000${id}`;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
