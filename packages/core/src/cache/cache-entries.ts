/**
 * The cache's data layer on SQLite (cache-store.ts): a record's value (keyv) and its index row are
 * written and removed together, in one transaction. Policy — TTLs, fallbacks, refresh — lives in
 * metadata-cache.ts. redis-cache-entries.ts is the same contract on Redis.
 */
import type Keyv from 'keyv';
import { GlueflowStorage, type SqlValue } from '../storage/glueflow-storage.js';
import { CACHE_SCHEMA } from './cache-schema.js';
import { CACHED_TYPES, type CachedRecord, type CachedType } from './cache-types.js';
import type { SecretTraitKeys } from '@glueflow/itglue';
import { nameLookup, searchLookup, type SearchMode } from './cache-lookups.js';
import { SearchIndex } from '../search/search-index.js';
import { indexFieldsOf, presentEntries, storableRecord } from './cache-store.js';
import type { CacheEntryStore, CounterCounts, StoredEntry } from './cache-store.js';

export type { StoredEntry } from './cache-store.js';

export function namespaceOf(type: CachedType): string {
  return `cache-${type}`;
}

export class CacheEntries implements CacheEntryStore {
  readonly storage: GlueflowStorage;
  /** The full-text index, written in the same transactions as the values (search/search-index.ts). */
  readonly search: SearchIndex;
  readonly #values = new Map<CachedType, Keyv<StoredEntry>>();

  /**
   * `knownSecretKeys`: the Password-kind trait keys of a flexible asset type when known (the client's
   * `secretTraits.known`); secret-sounding keys are stripped either way.
   */
  constructor(
    storage: GlueflowStorage,
    private readonly knownSecretKeys: (typeId: unknown) => SecretTraitKeys = () => undefined,
    private readonly ownsStorage = false,
  ) {
    this.storage = storage;
    this.search = new SearchIndex(storage);
  }

  get where(): string {
    return this.storage.file;
  }

  /** A record as the cache may hold it: no secret values, no file contents. */
  strip<T extends CachedRecord>(raw: T): T {
    return storableRecord(raw, this.knownSecretKeys);
  }

  async init(): Promise<void> {
    await this.storage.ensureSchema('cache', CACHE_SCHEMA);
    await this.search.init();
  }

  async get(type: CachedType, id: string): Promise<StoredEntry | undefined> {
    return this.#kv(type).get(id);
  }

  async getMany(type: CachedType, ids: readonly string[]): Promise<StoredEntry[]> {
    return presentEntries(this.#kv(type), ids);
  }

  /** Writes records (secrets stripped) with one expiry; returns the write sequence number used. */
  async write(
    type: CachedType,
    records: readonly CachedRecord[],
    fetchedAt: number,
    ttlMs: number,
  ): Promise<number> {
    const expiresAt = fetchedAt + ttlMs;
    const entries = records.map((raw) => {
      const record = this.strip(raw);
      return { key: record.id, value: { record, fetchedAt, expiresAt } };
    });
    const rows = entries.map(({ value: { record } }) => [record.id, ...indexFieldsOf(record)]);
    return this.storage.write(async () => {
      const seq = await this.nextSeq();
      await this.storage.setMany(namespaceOf(type), entries);
      await this.search.put(
        type,
        entries.map((entry) => entry.value.record),
      );
      await this.storage.all(
        `INSERT INTO cache_index (type, id, name, name_folded, organization_id, expires_at, write_seq)
         SELECT ?1, j.value ->> 0, j.value ->> 1, j.value ->> 2, j.value ->> 3, ?2, ?3 FROM json_each(?4) AS j WHERE true
         ON CONFLICT (type, id) DO UPDATE SET name = excluded.name, name_folded = excluded.name_folded,
           organization_id = excluded.organization_id, expires_at = excluded.expires_at, write_seq = excluded.write_seq`,
        [type, expiresAt, seq, JSON.stringify(rows)],
      );
      return seq;
    });
  }

  async remove(type: CachedType, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    const json = JSON.stringify(ids.map(String));
    await this.storage.write(async () => {
      await this.storage.all(
        `DELETE FROM ${GlueflowStorage.kvTable} WHERE key IN (SELECT ?1 || value FROM json_each(?2))`,
        [`${namespaceOf(type)}:`, json],
      );
      await this.search.remove(type, ids);
      await this.storage.all(
        `DELETE FROM cache_index WHERE type = ? AND id IN (SELECT value FROM json_each(?))`,
        [type, json],
      );
    });
  }

  /** A number larger than every write so far, in any process: refresh uses it to find what it did not see. */
  async nextSeq(): Promise<number> {
    return this.storage.write(async () => {
      const [row] = await this.storage.all<{ value: number }>(
        `UPDATE cache_counters SET value = value + 1 WHERE name = 'write-seq' RETURNING value`,
      );
      return row?.value ?? 0;
    });
  }

  async findIdsByName(type: CachedType, name: string, organizationId?: string): Promise<string[]> {
    const { sql, params } = nameLookup(type, name, organizationId);
    const rows = await this.storage.all<{ id: string }>(sql, params);
    return rows.map((row) => row.id).sort();
  }

  async searchIds(
    type: CachedType,
    text: string,
    mode: SearchMode,
    limit: number,
    organizationId?: string,
  ): Promise<string[]> {
    const { sql, params } = searchLookup(type, text, mode, limit, organizationId);
    const rows = await this.storage.all<{ id: string }>(sql, params);
    return rows.map((row) => row.id);
  }

  /** Every cached record of a type, read in pages of 500 (key order). */
  async *records(type: CachedType): AsyncIterable<CachedRecord> {
    let after = '';
    for (;;) {
      const rows = await this.storage.all<{ id: string }>(
        `SELECT id FROM cache_index WHERE type = ? AND id > ? ORDER BY id LIMIT 500`,
        [type, after],
      );
      if (rows.length === 0) return;
      for (const entry of await this.getMany(
        type,
        rows.map((row) => row.id),
      ))
        yield entry.record;
      after = rows.at(-1)!.id;
    }
  }

  /** One page of a type's ids in name order, and how many the type has in all. */
  async pageIds(type: CachedType, offset: number, limit: number): Promise<{ ids: string[]; total: number }> {
    const rows = await this.storage.all<{ id: string }>(
      `SELECT id FROM cache_index INDEXED BY cache_index_by_name WHERE type = ? ORDER BY name_folded, id LIMIT ? OFFSET ?`,
      [type, limit, offset],
    );
    const count = await this.storage.all<{ n: number }>(
      `SELECT count(*) AS n FROM cache_index WHERE type = ?`,
      [type],
    );
    return { ids: rows.map((row) => row.id), total: count[0]?.n ?? 0 };
  }

  /** Removes the type's records written before `seq` (those the last full listing did not return). */
  async removeWrittenBefore(type: CachedType, seq: number): Promise<number> {
    return this.#removeWhere('type = ? AND write_seq < ?', [type, seq], type);
  }

  /** Removes entries that expired before `before`; returns how many. */
  async removeExpiredBefore(before: number): Promise<number> {
    return this.storage.write(async () => {
      let removed = 0;
      for (const type of CACHED_TYPES) {
        const count = await this.#removeWhere('type = ? AND expires_at < ?', [type, before], type);
        // The type's index is no longer a complete copy: the next name lookup must refresh it.
        if (count > 0)
          await this.storage.all(`UPDATE cache_types SET last_refresh_at = NULL WHERE type = ?`, [type]);
        removed += count;
      }
      return removed;
    });
  }

  async clear(type: CachedType): Promise<void> {
    await this.storage.write(async () => {
      await this.storage.deleteNamespace(namespaceOf(type));
      await this.storage.all(`DELETE FROM cache_index WHERE type = ?`, [type]);
      await this.search.removeType(type);
      await this.storage.all(`DELETE FROM cache_types WHERE type = ?`, [type]);
    });
  }

  async markRefreshed(type: CachedType, at: number): Promise<void> {
    await this.storage.write(() =>
      this.storage.all(
        `INSERT INTO cache_types (type, last_refresh_at) VALUES (?, ?)
         ON CONFLICT (type) DO UPDATE SET last_refresh_at = excluded.last_refresh_at`,
        [type, at],
      ),
    );
  }

  async lastRefreshed(): Promise<Map<CachedType, number>> {
    const rows = await this.storage.all<{ type: CachedType; at: number | null }>(
      `SELECT type, last_refresh_at AS at FROM cache_types`,
    );
    return new Map(rows.filter((row) => row.at !== null).map((row) => [row.type, row.at as number]));
  }

  async countsByType(): Promise<Map<CachedType, number>> {
    const rows = await this.storage.all<{ type: CachedType; n: number }>(
      `SELECT type, count(*) AS n FROM cache_index GROUP BY type`,
    );
    return new Map(rows.map((row) => [row.type, row.n]));
  }

  async addCounters(counts: CounterCounts): Promise<void> {
    await this.storage.write(async () => {
      for (const [name, value] of Object.entries(counts)) {
        if (value !== 0)
          await this.storage.all(`UPDATE cache_counters SET value = value + ? WHERE name = ?`, [value, name]);
      }
    });
  }

  async counters(): Promise<Record<string, number>> {
    const rows = await this.storage.all<{ name: string; value: number }>(
      `SELECT name, value FROM cache_counters`,
    );
    return Object.fromEntries(rows.map((row) => [row.name, row.value]));
  }

  async bytes(): Promise<number> {
    return this.storage.bytesOnDisk();
  }

  async vacuum(): Promise<boolean> {
    await this.storage.vacuum();
    return true;
  }

  async close(): Promise<void> {
    if (this.ownsStorage) await this.storage.close();
  }

  async #removeWhere(where: string, params: SqlValue[], type: CachedType): Promise<number> {
    return this.storage.write(async () => {
      await this.storage.all(
        `DELETE FROM ${GlueflowStorage.kvTable} WHERE key IN (SELECT ? || id FROM cache_index WHERE ${where})`,
        [`${namespaceOf(type)}:`, ...params],
      );
      await this.search.removeIndexed(where, params);
      await this.storage.all(`DELETE FROM cache_index WHERE ${where}`, params);
      const [row] = await this.storage.all<{ n: number }>(`SELECT changes() AS n`);
      return row?.n ?? 0;
    });
  }

  #kv(type: CachedType): Keyv<StoredEntry> {
    let kv = this.#values.get(type);
    if (!kv) {
      kv = this.storage.keyv<StoredEntry>(namespaceOf(type));
      this.#values.set(type, kv);
    }
    return kv;
  }
}
