/**
 * Whether mapped records still exist, for the write gate's unchanged items: a person may delete a
 * synced record in IT Glue's web UI, and a mapping whose content hash matches would otherwise say
 * "unchanged" forever. Reading each record by id would cost one request per unchanged item (1,000 of
 * them burn a third of the default rate budget), so each scope is listed once per run — ids only,
 * ceil(records / 1000) requests — and answered in memory. IT Glue's listings are as wide as it allows:
 * every organization, contact, configuration, password and location at once, flexible assets per type,
 * documents per organization.
 *
 * A record missing from the listing is read by id before it counts as gone: only a 404 proves that
 * (a listing may leave records out, e.g. one moved to another organization). If a listing fails, its
 * records are read by id — the truth costs requests then, and a failure shows as the item's error.
 */
import { isPlannedId } from '../../engine/planned-records.js';
import type { RecordScope } from '../../engine/write-backend.js';
import type { WritableResource } from '../../engine/write-types.js';

export interface PresenceSource {
  /** Every record of one listing scope; only `id` is kept. */
  list(type: WritableResource, scope: RecordScope): AsyncIterable<{ id: string | number }>;
  /** One record by id; null when IT Glue has none. */
  read(type: WritableResource, id: string): Promise<unknown>;
}

export class RecordPresence {
  /** Listing scope → the ids it held (null: the listing failed; read by id instead). */
  readonly #listings = new Map<string, Promise<ReadonlySet<string> | null>>();
  /** `type:id` → what a read by id found, or a record this run wrote (it exists, whatever a listing said). */
  readonly #known = new Map<string, boolean>();

  constructor(private readonly source: PresenceSource) {}

  /** A run begins: records may have been deleted since the last one. */
  clear(): void {
    this.#listings.clear();
    this.#known.clear();
  }

  /** This run created or updated the record: it exists. */
  written(type: WritableResource, id: string): void {
    this.#known.set(keyOf(type, id), true);
  }

  async exists(type: WritableResource, id: string, scope: RecordScope): Promise<boolean> {
    const key = keyOf(type, id);
    const known = this.#known.get(key);
    if (known !== undefined) return known;
    const listed = await this.#listing(type, listingScope(type, scope));
    if (listed?.has(id)) return true;
    const found = (await this.source.read(type, id)) !== null;
    this.#known.set(key, found);
    return found;
  }

  #listing(type: WritableResource, scope: RecordScope): Promise<ReadonlySet<string> | null> {
    const key = JSON.stringify([type, scope.flexibleAssetTypeId ?? null, scope.organizationId ?? null]);
    let listing = this.#listings.get(key);
    if (!listing) {
      listing = collectIds(this.source.list(type, scope)).catch(() => null);
      this.#listings.set(key, listing);
    }
    return listing;
  }
}

/** The widest listing IT Glue offers that holds the record (none for a dry run's planned parent). */
function listingScope(type: WritableResource, scope: RecordScope): RecordScope {
  const real = (id: string | undefined) => (id && !isPlannedId(id) ? id : undefined);
  const typeId = real(scope.flexibleAssetTypeId);
  const organizationId = real(scope.organizationId);
  if (type === 'flexible_assets') return typeId ? { flexibleAssetTypeId: typeId } : {};
  if (type === 'documents') return organizationId ? { organizationId } : {};
  return {};
}

async function collectIds(records: AsyncIterable<{ id: string | number }>): Promise<ReadonlySet<string>> {
  const ids = new Set<string>();
  for await (const record of records) ids.add(String(record.id));
  return ids;
}

function keyOf(type: WritableResource, id: string): string {
  return `${type}:${id}`;
}
