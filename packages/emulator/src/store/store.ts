import type { ResourceType } from '../resources/types.js';

export interface StoredRecord {
  readonly type: ResourceType;
  readonly id: number;
  /** Kebab-case attributes as stored, hidden ones included, derived ones excluded. */
  attributes: Record<string, unknown>;
}

export type StoreChange =
  { op: 'put'; record: StoredRecord } | { op: 'delete'; type: ResourceType; id: number } | { op: 'clear' };

/**
 * All state, in memory. Maps keep records by id; a per-type array in id order is cached so that
 * listing 100,000 records does not rebuild it on every page; owner indexes serve nested lists,
 * includes and cascades. Persistence listens to changes (write-through), it never serves reads.
 */
export class Store {
  private readonly tables = new Map<ResourceType, Map<number, StoredRecord>>();
  private readonly ordered = new Map<ResourceType, StoredRecord[]>();
  private readonly owners = new Map<ResourceType, Map<string, Set<number>>>();
  private lastId = 0;
  private readonly listeners: ((change: StoreChange) => void)[] = [];

  constructor(
    private readonly ownerKeyOf: (
      type: ResourceType,
    ) => ((attrs: Record<string, unknown>) => string | null) | undefined,
    /** Brings attributes to the type's one stored shape (fast objects, every field present). */
    private readonly shape: (
      type: ResourceType,
      attributes: Record<string, unknown>,
    ) => Record<string, unknown> = (_type, attributes) => attributes,
  ) {}

  onChange(listener: (change: StoreChange) => void): void {
    this.listeners.push(listener);
  }

  get currentId(): number {
    return this.lastId;
  }

  get(type: ResourceType, id: number): StoredRecord | undefined {
    return this.tables.get(type)?.get(id);
  }

  count(type: ResourceType): number {
    return this.tables.get(type)?.size ?? 0;
  }

  /** Records of a type in id order. The array is shared: never mutate it. */
  all(type: ResourceType): readonly StoredRecord[] {
    let list = this.ordered.get(type);
    if (!list) {
      list = [...(this.tables.get(type)?.values() ?? [])].sort((a, b) => a.id - b.id);
      this.ordered.set(type, list);
    }
    return list;
  }

  /** Records of a type whose owner key (e.g. `organization-id`) equals `owner`, in id order. */
  owned(type: ResourceType, owner: string): StoredRecord[] {
    const ids = this.owners.get(type)?.get(owner);
    if (!ids) return [];
    const table = this.tables.get(type);
    const out: StoredRecord[] = [];
    for (const id of ids) {
      const record = table?.get(id);
      if (record) out.push(record);
    }
    return out.sort((a, b) => a.id - b.id);
  }

  insert(type: ResourceType, attributes: Record<string, unknown>, id?: number): StoredRecord {
    const recordId = id ?? this.lastId + 1;
    if (recordId > this.lastId) this.lastId = recordId;
    const record: StoredRecord = { type, id: recordId, attributes: this.shape(type, attributes) };
    this.table(type).set(recordId, record);
    const list = this.ordered.get(type);
    if (list) {
      const last = list[list.length - 1];
      if (!last || last.id < recordId) list.push(record);
      else this.ordered.delete(type);
    }
    this.index(record);
    this.emit({ op: 'put', record });
    return record;
  }

  replace(record: StoredRecord, attributes: Record<string, unknown>): void {
    this.unindex(record);
    record.attributes = this.shape(record.type, attributes);
    this.index(record);
    this.emit({ op: 'put', record });
  }

  delete(type: ResourceType, id: number): StoredRecord | undefined {
    const record = this.tables.get(type)?.get(id);
    if (!record) return undefined;
    this.tables.get(type)?.delete(id);
    this.ordered.delete(type);
    this.unindex(record);
    this.emit({ op: 'delete', type, id });
    return record;
  }

  clear(): void {
    this.tables.clear();
    this.ordered.clear();
    this.owners.clear();
    this.lastId = 0;
    this.emit({ op: 'clear' });
  }

  /** Load persisted records without emitting changes. */
  load(records: Iterable<StoredRecord>, lastId: number): void {
    for (const record of records) {
      record.attributes = this.shape(record.type, record.attributes);
      this.table(record.type).set(record.id, record);
      this.index(record);
    }
    this.ordered.clear();
    this.lastId = Math.max(this.lastId, lastId);
  }

  types(): ResourceType[] {
    return [...this.tables.keys()];
  }

  private table(type: ResourceType): Map<number, StoredRecord> {
    let table = this.tables.get(type);
    if (!table) {
      table = new Map();
      this.tables.set(type, table);
    }
    return table;
  }

  private index(record: StoredRecord): void {
    const owner = this.ownerKeyOf(record.type)?.(record.attributes);
    if (owner == null) return;
    let byOwner = this.owners.get(record.type);
    if (!byOwner) {
      byOwner = new Map();
      this.owners.set(record.type, byOwner);
    }
    let ids = byOwner.get(owner);
    if (!ids) {
      ids = new Set();
      byOwner.set(owner, ids);
    }
    ids.add(record.id);
  }

  private unindex(record: StoredRecord): void {
    const owner = this.ownerKeyOf(record.type)?.(record.attributes);
    if (owner == null) return;
    this.owners.get(record.type)?.get(owner)?.delete(record.id);
  }

  private emit(change: StoreChange): void {
    for (const listener of this.listeners) listener(change);
  }
}
