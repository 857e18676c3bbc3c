/**
 * Every IT Glue organization, read once per run (`page[size]=1000`, so ceil(orgs / 1000) calls) and
 * indexed in memory for each match strategy — no per-company lookups against IT Glue.
 */
import { exactName } from './normalize-name.js';

export interface OrgSummary {
  id: string;
  name: string;
  shortName: string | null;
  organizationStatusId: string | null;
  /** IT Glue's own PSA sync owns it: only alert, description and quick notes may be written. */
  psaIntegrationType: string | null;
  psaId: string | null;
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
      if (org.psaIntegrationType && org.psaId)
        push(this.#byPsa, psaKey(org.psaIntegrationType, org.psaId), org);
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

  /** What `filter[psa_integration_type]=…&filter[psa_id]=…` would answer. */
  byPsaId(integrationType: string, psaId: string): OrgSummary[] {
    return this.#byPsa.get(psaKey(integrationType, psaId)) ?? [];
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
  return {
    id: String(record.id),
    name: String(record.name ?? ''),
    shortName: text(record.shortName),
    organizationStatusId: text(record.organizationStatusId),
    psaIntegrationType: text(record.psaIntegrationType),
    psaId: text(record.psaId),
  };
}

function psaKey(type: string, id: string): string {
  return `${type.toLowerCase()}\u0000${id}`;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
