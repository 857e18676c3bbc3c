/**
 * What the metadata cache needs from where its records live: values by id, the index behind name
 * lookups, paging and refresh, expiry and counters. Two implementations: CacheEntries (the instance's
 * SQLite file, one machine) and RedisCacheEntries (Redis, shared by every worker). Policy — TTLs,
 * fallbacks, refresh — stays in metadata-cache.ts and cache-refresher.ts, the same for both.
 */
import type Keyv from 'keyv';
import type { SecretTraitKeys } from '@glueflow/itglue';
import type { SearchIndex } from '../search/search-index.js';
import { foldName, type SearchMode } from './cache-lookups.js';
import type { CachedRecord, CachedType } from './cache-types.js';
import { stripSecrets } from './strip-secrets.js';

export interface StoredEntry<T extends CachedRecord = CachedRecord> {
  record: T;
  fetchedAt: number;
  expiresAt: number;
}

export type CounterCounts = Record<'hits' | 'misses' | 'stale-hits', number>;

export interface CacheEntryStore {
  /** The full-text index, always in this machine's SQLite file (search/search-index.ts). */
  readonly search: SearchIndex;
  /** The SQLite file, or the Redis server (no password) and key prefix: for stats and messages. */
  readonly where: string;
  /** A record as the cache may hold it: no secret values, no file contents. */
  strip<T extends CachedRecord>(raw: T): T;
  init(): Promise<void>;
  get(type: CachedType, id: string): Promise<StoredEntry | undefined>;
  /** The entries of those ids the store holds, in the order asked. */
  getMany(type: CachedType, ids: readonly string[]): Promise<StoredEntry[]>;
  /** Writes records (secrets stripped) with one expiry; returns the write sequence number used. */
  write(
    type: CachedType,
    records: readonly CachedRecord[],
    fetchedAt: number,
    ttlMs: number,
  ): Promise<number>;
  remove(type: CachedType, ids: readonly string[]): Promise<void>;
  /** A number larger than every write so far, in any process: refresh uses it to find what it did not see. */
  nextSeq(): Promise<number>;
  /** Ids whose folded name equals `name`'s, sorted. */
  findIdsByName(type: CachedType, name: string, organizationId?: string): Promise<string[]>;
  searchIds(
    type: CachedType,
    text: string,
    mode: SearchMode,
    limit: number,
    organizationId?: string,
  ): Promise<string[]>;
  /** Every cached record of a type, read in pages. */
  records(type: CachedType): AsyncIterable<CachedRecord>;
  /** One page of a type's ids in name order (nameless first, then folded name, then id), and the total. */
  pageIds(type: CachedType, offset: number, limit: number): Promise<{ ids: string[]; total: number }>;
  /** Removes the type's records written before `seq` (those the last full listing did not return). */
  removeWrittenBefore(type: CachedType, seq: number): Promise<number>;
  /** Removes entries that expired before `before` and un-marks their types' refresh; returns how many. */
  removeExpiredBefore(before: number): Promise<number>;
  clear(type: CachedType): Promise<void>;
  markRefreshed(type: CachedType, at: number): Promise<void>;
  lastRefreshed(): Promise<Map<CachedType, number>>;
  countsByType(): Promise<Map<CachedType, number>>;
  addCounters(counts: CounterCounts): Promise<void>;
  counters(): Promise<Record<string, number>>;
  /** Bytes the cache takes: the SQLite file on disk, or the cache's keys in Redis. */
  bytes(): Promise<number>;
  /** Gives freed space back (SQLite VACUUM); false when the store has nothing to do (Redis frees at once). */
  vacuum(): Promise<boolean>;
  /** Closes what the store opened itself; a storage handed in stays open. */
  close(): Promise<void>;
}

/** A record as the cache may hold it: no secret values, no file contents, a string id. */
export function storableRecord<T extends CachedRecord>(
  raw: T,
  knownSecretKeys: ((typeId: unknown) => SecretTraitKeys) | undefined,
): T {
  return stripSecrets({ ...raw, id: String(raw.id) }, knownSecretKeys?.(raw.flexibleAssetTypeId));
}

/** What the index keeps of a record: its name, the folded name lookups match, its organization. */
export function indexFieldsOf(record: CachedRecord): [string | null, string | null, string | null] {
  const name = typeof record.name === 'string' ? record.name : null;
  const org =
    record.organizationId === undefined || record.organizationId === null
      ? null
      : String(record.organizationId);
  return [name, name === null ? null : foldName(name), org];
}

/** The stored entries of those ids a keyv namespace holds, in the order asked. */
export async function presentEntries(kv: Keyv<StoredEntry>, ids: readonly string[]): Promise<StoredEntry[]> {
  if (ids.length === 0) return [];
  const values = await kv.getMany([...ids]);
  return values.filter((value): value is StoredEntry => value !== undefined && value !== null);
}
