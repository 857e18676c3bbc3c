/**
 * The write gate's RecordBackend over the real client. Reads of a known id always go to IT Glue
 * (a trait merge must start from the live record: IT Glue's PATCH deletes omitted traits). Natural-key
 * lookups cost as little as IT Glue allows:
 * - organizations come from the metadata cache's index, pulled once per run (ceil(orgs / 1000) list
 *   calls) and kept current by write-through — a 5,000-company sync does no per-company lookups;
 * - other types ask IT Glue with its filters (name + organization, + type for flexible assets) until
 *   a run has looked up more than a few names in one scope; the scope is then listed once and answered
 *   in memory (lookup-index.ts). Contacts and documents have no name filter, so their organization's
 *   list is read on the first lookup and kept for the run.
 * After an ambiguous failure the gate asks for a `fresh` lookup, which always goes to IT Glue.
 * Whether a mapped record still exists is answered per run from one listing per scope
 * (record-presence.ts); a record found gone leaves the cache, so its name no longer answers lookups.
 */
import { resourceType } from '@glueflow/itglue';
import type { FlexibleAsset, ITGlueClient, ItGlueRecord, ResourceNames } from '@glueflow/itglue';
import { foldName } from '../../cache/cache-lookups.js';
import type { MetadataCache } from '../../cache/metadata-cache.js';
import type { GateRecord, NaturalKey, RecordBackend, RecordScope } from '../../engine/write-backend.js';
import type { WritableResource } from '../../engine/write-types.js';
import { isPlannedId } from '../../engine/planned-records.js';
import { LookupIndex } from './lookup-index.js';
import type { LookupScope, NamedRecord } from './lookup-index.js';
import { RecordPresence } from './record-presence.js';

/** How long a listing of organizations answers "not there" (see lookup-index.ts). */
const INDEX_MAX_AGE_MS = 5_000;

export interface ClientRecordBackendOptions {
  /** The client; the cache follows its writes (cache/follow-writes.ts). */
  client: ITGlueClient;
  cache: MetadataCache;
  /** Index pulls older than this are refreshed before the first organization lookup. */
  indexFreshSince: Date;
}

/** How long IT Glue's own "not there" for a name stands in for the re-check before a create. */
const DIRECT_ANSWER_FRESH_MS = 1_000;

export class ClientRecordBackend implements RecordBackend {
  #organizationsIndexed: Promise<void> | null = null;
  #organizationsIndexedAt = 0;
  readonly #lookups: LookupIndex;
  readonly #presence: RecordPresence;
  /** Where records were created since the last audit (`auditCreated`). */
  readonly #createdIn = new Map<string, { type: WritableResource; scope: LookupScope }>();
  /** When IT Glue last answered "not there" for a name itself (not an index): see recheckNaturalKey. */
  readonly #askedDirectly = new Map<string, number>();

  constructor(private readonly options: ClientRecordBackendOptions) {
    this.#lookups = new LookupIndex();
    this.#presence = new RecordPresence({
      // Contacts are listed across organizations too (lookups always name one; presence need not).
      list: (type, scope) =>
        (type === 'contacts'
          ? options.client.contacts.list(scope)
          : this.listScope(type, scope)) as AsyncIterable<{
          id: string;
        }>,
      read: (type, id) => this.resource(type).get(id),
    });
  }

  /** A run begins: what earlier runs listed may have changed since. */
  beginRun(): void {
    this.#lookups.clear();
    this.#askedDirectly.clear();
    this.#presence.clear();
  }

  async get(type: WritableResource, id: string): Promise<GateRecord | null> {
    const record = (await this.resource(type).get(id)) as GateRecord | null;
    if (!record) await this.forget(type, id);
    return record;
  }

  async exists(type: WritableResource, id: string, scope: RecordScope): Promise<boolean> {
    const found = await this.#presence.exists(type, id, scope);
    if (!found) await this.forget(type, id);
    return found;
  }

  /** Gone from IT Glue: the cache's organization index answers by name without a re-read, so it must not find it. */
  private async forget(type: WritableResource, id: string): Promise<void> {
    await this.options.cache.invalidate(type, id);
  }

  async findByNaturalKey(
    type: WritableResource,
    key: NaturalKey,
    lookup: { fresh?: boolean } = {},
  ): Promise<GateRecord | null> {
    if (type === 'organizations' && !lookup.fresh) return this.organizationFromIndex(key.name);
    // A dry run's type or organization that does not exist yet holds no records: nothing to ask IT Glue.
    if (isPlannedId(key.flexibleAssetTypeId) || isPlannedId(key.organizationId)) return null;
    if (!lookup.fresh) {
      const id = await this.#lookups.lookup(
        type,
        scopeOf(key),
        key.name,
        () => this.listScope(type, key) as AsyncIterable<NamedRecord>,
        // No name filter: a direct lookup lists the organization's records anyway.
        !hasNameFilter(type),
      );
      if (id === null) return null;
      // Re-read by id: the gate diffs (and merges traits) against the live record.
      const found = id === undefined ? null : await this.get(type, id);
      if (found) return found;
    }
    const found = first(await this.candidates(type, key), key.name);
    if (found) this.#lookups.remember(type, found as NamedRecord);
    else this.#askedDirectly.set(nameKeyOf(type, key), Date.now());
    return found;
  }

  async recheckNaturalKey(type: WritableResource, key: NaturalKey): Promise<GateRecord | null> {
    if (isPlannedId(key.flexibleAssetTypeId) || isPlannedId(key.organizationId)) return null;
    // A "not there" from the cache's index or a scope listing may be seconds old; one IT Glue gave
    // for this very name a moment ago is as fresh as a second question would be.
    const askedAt = this.#askedDirectly.get(nameKeyOf(type, key));
    if (askedAt !== undefined && Date.now() - askedAt < DIRECT_ANSWER_FRESH_MS) return null;
    return this.findByNaturalKey(type, key, { fresh: true });
  }

  async auditCreated(): Promise<void> {
    const places = [...this.#createdIn.values()];
    this.#createdIn.clear();
    for (const { type, scope } of places)
      await this.#lookups.audit(type, scope, () => this.listScope(type, scope) as AsyncIterable<NamedRecord>);
  }

  takeDuplicates(): Array<{ type: WritableResource; name: string; ids: string[] }> {
    return this.#lookups.takeDuplicates();
  }

  async create(
    type: WritableResource,
    attributes: Record<string, unknown>,
    scope: { organizationId?: string; flexibleAssetTypeId?: string },
  ): Promise<GateRecord> {
    const withScope = { ...attributes, ...scope };
    const created = (await (this.resource(type) as unknown as Writable).create(withScope)) as GateRecord;
    this.#lookups.remember(type, { ...scope, ...withoutNullish(created) } as NamedRecord, true);
    const place = scopeOf({ name: '', ...scope });
    this.#createdIn.set(JSON.stringify([type, place]), { type, scope: place });
    this.#presence.written(type, String(created.id));
    return created;
  }

  async update(
    type: WritableResource,
    id: string,
    attributes: Record<string, unknown>,
    current?: GateRecord,
  ): Promise<GateRecord> {
    if (type === 'flexible_assets') {
      // The client's one trait merge: the live traits kept in their write shape (tags as ids, an
      // upload refused rather than wiped), ours over them. Other attributes go separately.
      const { traits, ...rest } = attributes;
      const assets = this.options.client.flexibleAssets;
      let record = traits
        ? await assets.updateTraits(id, traits as Record<string, unknown>, {
            ...(current ? { current: current as unknown as FlexibleAsset } : {}),
          })
        : null;
      if (Object.keys(rest).length > 0) record = await assets.update(id, rest);
      return this.updated(type, (record ?? (await assets.get(id))) as GateRecord);
    }
    return this.updated(
      type,
      (await (this.resource(type) as unknown as Writable).update(id, attributes)) as GateRecord,
    );
  }

  /** An update may rename the record: the run's lookups must find it under its new name. */
  private updated(type: WritableResource, record: GateRecord): GateRecord {
    if (record) {
      this.#lookups.remember(type, record as NamedRecord);
      this.#presence.written(type, String(record.id));
    }
    return record;
  }

  private async organizationFromIndex(name: string): Promise<GateRecord | null> {
    // Like the lookup index's listings, the organization index answers for a few seconds only
    // (another machine may be creating the same organizations; see lookup-index.ts).
    if (this.#organizationsIndexedAt !== 0 && Date.now() - this.#organizationsIndexedAt > INDEX_MAX_AGE_MS) {
      this.#organizationsIndexed = this.options.cache.refresh(['organizations']).then(() => undefined);
      this.#organizationsIndexedAt = Date.now();
    }
    if (!this.#organizationsIndexed) {
      this.#organizationsIndexed = this.indexOrganizations();
      this.#organizationsIndexedAt = Date.now();
    }
    await this.#organizationsIndexed;
    const { records } = await this.options.cache.findByName('organizations', name, { indexOnly: true });
    return (records[0] as GateRecord | undefined) ?? null;
  }

  private async indexOrganizations(): Promise<void> {
    const last = await this.options.cache.lastRefreshed('organizations');
    if (!last || last < this.options.indexFreshSince) await this.options.cache.refresh(['organizations']);
  }

  /** Every record of a scope (a lookup's filter without the name), for the lookup index and presence. */
  private listScope(type: WritableResource, key: RecordScope): AsyncIterable<unknown> {
    const c = this.options.client;
    const inOrganization = key.organizationId ? { organizationId: key.organizationId } : {};
    switch (type) {
      case 'organizations':
        return c.organizations.list();
      case 'flexible_assets':
        return key.flexibleAssetTypeId
          ? c.flexibleAssets.list({ flexibleAssetTypeId: key.flexibleAssetTypeId, ...inOrganization })
          : none();
      case 'contacts':
        return key.organizationId ? c.contacts.list(inOrganization) : none();
      case 'documents':
        return key.organizationId ? c.documents.list(key.organizationId) : none();
      default: // configurations, locations, passwords
        return c[resourceType(type).client].list(inOrganization);
    }
  }

  private async candidates(type: WritableResource, key: NaturalKey): Promise<ItGlueRecord[]> {
    // Without a name filter (contacts, documents) the organization's listing is what there is to search.
    if (!hasNameFilter(type)) return collect(this.listScope(type, key));
    const c = this.options.client;
    const inOrganization = key.organizationId ? { organizationId: key.organizationId } : {};
    switch (type) {
      case 'organizations':
        return collect(c.organizations.list({ filter: { name: key.name } }));
      case 'flexible_assets':
        if (!key.flexibleAssetTypeId) return [];
        return collect(
          c.flexibleAssets.list({
            flexibleAssetTypeId: key.flexibleAssetTypeId,
            ...inOrganization,
            filter: { name: key.name },
          }),
        );
      default: // configurations, locations, passwords
        return collect(c[resourceType(type).client].list({ filter: { name: key.name, ...inOrganization } }));
    }
  }

  private resource(type: WritableResource): { get(id: string): Promise<unknown> } {
    return this.options.client[resourceType(type).client];
  }
}

interface Writable {
  create(attributes: Record<string, unknown>): Promise<unknown>;
  update(id: string, attributes: Record<string, unknown>): Promise<unknown>;
}

function nameKeyOf(type: WritableResource, key: NaturalKey): string {
  return JSON.stringify([
    type,
    key.organizationId ?? null,
    key.flexibleAssetTypeId ?? null,
    foldName(key.name),
  ]);
}

/** IT Glue's `filter[name]` finds the type (RESOURCE_TYPES' `nameFilter`): not contacts or documents. */
function hasNameFilter(type: WritableResource): type is WritableResource & ResourceNames<'nameFilter'> {
  return resourceType(type).nameFilter;
}

function scopeOf(key: NaturalKey): LookupScope {
  return {
    ...(key.organizationId ? { organizationId: key.organizationId } : {}),
    ...(key.flexibleAssetTypeId ? { flexibleAssetTypeId: key.flexibleAssetTypeId } : {}),
  };
}

function withoutNullish(record: GateRecord): Partial<GateRecord> {
  return Object.fromEntries(
    Object.entries(record).filter(([, value]) => value !== null && value !== undefined),
  );
}

async function* none(): AsyncIterable<never> {}

async function collect(records: AsyncIterable<unknown>): Promise<ItGlueRecord[]> {
  const out: ItGlueRecord[] = [];
  for await (const record of records) out.push(record as ItGlueRecord);
  return out;
}

/** Exact name, ignoring case; the lowest id wins when IT Glue holds several (it allows duplicates). */
function first(records: ItGlueRecord[], name: string): GateRecord | null {
  const wanted = foldName(name);
  const hits = records
    .filter((record) => foldName(String(record.name ?? '')) === wanted)
    .sort((a, b) => Number(a.id) - Number(b.id));
  return (hits[0] as GateRecord | undefined) ?? null;
}
