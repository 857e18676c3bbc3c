/**
 * The metadata cache's data layer on Redis (cache-store.ts), shared by every worker of an instance:
 * one worker's pull of the organizations answers the lookups of all. Same contract and lookup
 * semantics as the SQLite CacheEntries; policy stays in metadata-cache.ts.
 *
 * Layout (`{i}` is the instance's hash tag, as for the state: redis-keys.ts):
 *   glueflow:{i}:cache-<type>::<id>     STRING  the value, through keyv's @keyv/redis store: a record as
 *                                               the cache may hold it (strip-secrets.ts), fetchedAt, expiresAt
 *   glueflow:{i}:cache:<type>:rows      HASH    id → index row JSON [name, folded name, organization, expiresAt, bytes]
 *   glueflow:{i}:cache:<type>:names     ZSET    `<folded name>\0<id>`, score 0: exact and prefix lookups by ZRANGEBYLEX,
 *                                               pages in name order
 *   glueflow:{i}:cache:<type>:nameless  ZSET    ids of records without a name, score 0 (first in pages, as SQLite's NULLs)
 *   glueflow:{i}:cache:<type>:expiry    ZSET    id by expiresAt: purge
 *   glueflow:{i}:cache:<type>:seq       ZSET    id by write sequence: refresh removes what its listing did not see
 *   glueflow:{i}:cache:write-seq        STRING  INCR: the write sequence
 *   glueflow:{i}:cache:counters         HASH    hits, misses, stale-hits of every process
 *   glueflow:{i}:cache:refreshed        HASH    type → last complete refresh (ms)
 *   glueflow:{i}:cache:bytes            HASH    type → bytes of its values, for stats
 *
 * The index changes in one Lua script per call (redis-cache-scripts.ts). Values go through keyv on a
 * connection of their own, so a value and its index row cannot share a transaction; the order makes a
 * crash in between harmless: a write stores the value before the index points at it, a removal drops
 * the index row before the value. Either way the leftover is a value no lookup reaches, read by id
 * only while it is fresh, and gone with its Redis TTL. An index row whose value is gone (that TTL,
 * an eviction) is answered as a miss by MetadataCache.findByName, never as "no such record".
 * Entries keep their own expiresAt: expired entries are stale answers while IT Glue is unreachable,
 * so a value's Redis TTL is its cache TTL plus keepStaleMs — never shorter than purge would keep it.
 *
 * The full-text index (search/) stays in this machine's SQLite file: `search` indexes what this
 * process writes, and `rebuild()` (`glueflow cache refresh`) re-derives it from the shared values.
 */
import Keyv from 'keyv';
import KeyvRedis from '@keyv/redis';
import type { Redis } from 'ioredis';
import type { SecretTraitKeys } from '@glueflow/itglue';
import { createError } from '../errors/index.js';
import { SearchIndex } from '../search/search-index.js';
import { connectRedis, describeRedisUrl } from '../state/redis/redis-backend.js';
import { RedisKeys } from '../state/redis/redis-keys.js';
import type { GlueflowStorage } from '../storage/glueflow-storage.js';
import { foldName, type SearchMode } from './cache-lookups.js';
import { indexFieldsOf, presentEntries, storableRecord } from './cache-store.js';
import type { CacheEntryStore, CounterCounts, StoredEntry } from './cache-store.js';
import { CACHED_TYPES, type CachedRecord, type CachedType } from './cache-types.js';
import {
  CLEAR,
  EXACT,
  PAGE,
  PREFIX,
  REMOVE,
  REMOVE_BELOW,
  WRITE,
  type CacheScript,
} from './redis-cache-scripts.js';

export interface RedisCacheEntriesOptions {
  instance: string;
  /** This machine's file: the full-text index lives there. */
  storage: GlueflowStorage;
  /** Close `storage` with the cache. */
  ownsStorage?: boolean;
  /** Expired entries are kept this long (MetadataCacheOptions.keepStaleMs); values live in Redis as long again. */
  keepStaleMs: number;
  knownSecretKeys?: (typeId: unknown) => SecretTraitKeys;
}

const PAGE_SIZE = 500;
const SCAN_CHUNK = 1000;

export class RedisCacheEntries implements CacheEntryStore {
  readonly search: SearchIndex;
  readonly where: string;
  readonly #redis: Redis;
  readonly #adapter: KeyvRedis<StoredEntry>;
  readonly #values = new Map<CachedType, Keyv<StoredEntry>>();
  readonly #base: string;
  readonly #options: RedisCacheEntriesOptions;

  private constructor(
    redis: Redis,
    adapter: KeyvRedis<StoredEntry>,
    where: string,
    options: RedisCacheEntriesOptions,
  ) {
    this.#redis = redis;
    this.#adapter = adapter;
    this.#options = options;
    this.#base = new RedisKeys(options.instance).base;
    this.where = `${where} ${this.#base}:cache`;
    this.search = new SearchIndex(options.storage, (type) => this.records(type));
  }

  /** Connects the index (ioredis) and the values (keyv's Redis store); ESTATE_REDIS when Redis cannot be reached. */
  static async connect(url: string, options: RedisCacheEntriesOptions): Promise<RedisCacheEntries> {
    const where = describeRedisUrl(url);
    const redis = await connectRedis(url);
    const adapter = new KeyvRedis<StoredEntry>(url, { throwOnConnectError: true, throwOnErrors: true });
    adapter.on('error', () => undefined); // it reconnects by itself; a failing command throws
    try {
      await adapter.getClient();
    } catch (error) {
      redis.disconnect();
      await adapter.disconnect(true).catch(() => undefined);
      const reason = (error as Error).message.split(url).join(where);
      throw createError('ESTATE_REDIS', { where, reason }, { cause: error });
    }
    return new RedisCacheEntries(redis, adapter, where, options);
  }

  strip<T extends CachedRecord>(raw: T): T {
    return storableRecord(raw, this.#options.knownSecretKeys);
  }

  async init(): Promise<void> {
    await this.search.init();
  }

  async get(type: CachedType, id: string): Promise<StoredEntry | undefined> {
    return this.#kv(type).get(id);
  }

  async getMany(type: CachedType, ids: readonly string[]): Promise<StoredEntry[]> {
    return presentEntries(this.#kv(type), ids);
  }

  async write(
    type: CachedType,
    records: readonly CachedRecord[],
    fetchedAt: number,
    ttlMs: number,
  ): Promise<number> {
    const expiresAt = fetchedAt + ttlMs;
    const values = records.map((raw) => ({ record: this.strip(raw), fetchedAt, expiresAt }));
    const ttl = ttlMs + this.#options.keepStaleMs;
    // The value first: an index row must never point at a value not written yet (see the top).
    await this.#kv(type).setMany(values.map((value) => ({ key: value.record.id, value, ttl })));
    const rows = values.flatMap((value) => {
      const { record } = value;
      const bytes = Buffer.byteLength(JSON.stringify(value)) + record.id.length;
      return [record.id, JSON.stringify([...indexFieldsOf(record), expiresAt, bytes])];
    });
    const seq = Number(await this.#run(WRITE, type, [type, expiresAt, ...rows]));
    await this.#searchWrite(() =>
      this.search.put(
        type,
        values.map((value) => value.record),
      ),
    );
    return seq;
  }

  async remove(type: CachedType, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.#run(REMOVE, type, [type, ...ids.map(String)]);
    await this.#dropValues(type, ids.map(String));
  }

  async nextSeq(): Promise<number> {
    return this.#redis.incr(this.#key('write-seq'));
  }

  async findIdsByName(type: CachedType, name: string, organizationId?: string): Promise<string[]> {
    const ids = await this.#run<string[]>(EXACT, type, [foldName(name), ...this.#org(organizationId)]);
    return ids.sort();
  }

  async searchIds(
    type: CachedType,
    text: string,
    mode: SearchMode,
    limit: number,
    organizationId?: string,
  ): Promise<string[]> {
    const folded = foldName(text);
    if (mode === 'prefix') return this.#run(PREFIX, type, [folded, limit, ...this.#org(organizationId)]);
    return this.#substring(type, folded, limit, organizationId);
  }

  async *records(type: CachedType): AsyncIterable<CachedRecord> {
    // HSCAN may return an id twice while the hash grows; each is read once.
    const seen = new Set<string>();
    let cursor = '0';
    do {
      const [next, flat] = await this.#redis.hscan(this.#typeKey(type, 'rows'), cursor, 'COUNT', PAGE_SIZE);
      cursor = next;
      const ids = flat.filter((_, i) => i % 2 === 0 && !seen.has(flat[i]!));
      for (const id of ids) seen.add(id);
      for (const entry of await this.getMany(type, ids)) yield entry.record;
    } while (cursor !== '0');
  }

  async pageIds(type: CachedType, offset: number, limit: number): Promise<{ ids: string[]; total: number }> {
    const [total, ids] = await this.#run<[number, string[]]>(PAGE, type, [offset, limit]);
    return { ids, total };
  }

  async removeWrittenBefore(type: CachedType, seq: number): Promise<number> {
    return this.#removeBelow(type, 'seq', seq, false);
  }

  async removeExpiredBefore(before: number): Promise<number> {
    let removed = 0;
    // The type's index is no longer a complete copy: the script forgets its last refresh.
    for (const type of CACHED_TYPES) removed += await this.#removeBelow(type, 'expiry', before, true);
    return removed;
  }

  async clear(type: CachedType): Promise<void> {
    await this.#run(CLEAR, type, [type]);
    await this.#searchWrite(() => this.search.removeType(type));
    // keyv's clear scans the namespace, so a value a crash left behind goes too.
    await this.#kv(type).clear();
  }

  async markRefreshed(type: CachedType, at: number): Promise<void> {
    await this.#redis.hset(this.#key('refreshed'), type, at);
  }

  async lastRefreshed(): Promise<Map<CachedType, number>> {
    const all = await this.#redis.hgetall(this.#key('refreshed'));
    return new Map(Object.entries(all).map(([type, at]) => [type as CachedType, Number(at)]));
  }

  async countsByType(): Promise<Map<CachedType, number>> {
    const pipeline = this.#redis.pipeline();
    for (const type of CACHED_TYPES) pipeline.hlen(this.#typeKey(type, 'rows'));
    const results = (await pipeline.exec()) ?? [];
    return new Map(
      CACHED_TYPES.flatMap((type, i) => {
        const n = Number(results[i]?.[1] ?? 0);
        return n > 0 ? [[type, n] as const] : [];
      }),
    );
  }

  async addCounters(counts: CounterCounts): Promise<void> {
    const multi = this.#redis.multi();
    for (const [name, value] of Object.entries(counts)) {
      if (value !== 0) multi.hincrby(this.#key('counters'), name, value);
    }
    await multi.exec();
  }

  async counters(): Promise<Record<string, number>> {
    const [stored, seq] = await Promise.all([
      this.#redis.hgetall(this.#key('counters')),
      this.#redis.get(this.#key('write-seq')),
    ]);
    const counts: Record<string, number> = {
      hits: 0,
      misses: 0,
      'stale-hits': 0,
      'write-seq': Number(seq ?? 0),
    };
    for (const [name, value] of Object.entries(stored)) counts[name] = Number(value);
    return counts;
  }

  /** The values' bytes (as stored, counted on write) plus what Redis reports for the index keys. */
  async bytes(): Promise<number> {
    const pipeline = this.#redis.pipeline();
    for (const type of CACHED_TYPES) {
      for (const part of ['rows', 'names', 'nameless', 'expiry', 'seq'])
        pipeline.memory('USAGE', this.#typeKey(type, part));
    }
    const [values, results] = await Promise.all([this.#redis.hvals(this.#key('bytes')), pipeline.exec()]);
    const sum = (numbers: unknown[]) => numbers.reduce<number>((total, n) => total + (Number(n) || 0), 0);
    return sum(values) + sum((results ?? []).map(([, n]) => n));
  }

  /** Redis gives memory back as keys go: nothing to vacuum. */
  async vacuum(): Promise<boolean> {
    return false;
  }

  async close(): Promise<void> {
    await this.#redis.quit().catch(() => this.#redis.disconnect());
    await this.#adapter.disconnect().catch(() => undefined);
    if (this.#options.ownsStorage) await this.#options.storage.close();
  }

  /**
   * Substring search scans the type's names client side, in chunks of 1,000 in name order: O(n) in the
   * type's records (≤ ~100,000 for an MSP tenant: ~120 ms measured at 100,000 on loopback, against
   * ~1 ms for an exact or prefix lookup), where SQLite has a trigram index.
   * Matches come in name order; SQLite's come in its index order.
   */
  async #substring(
    type: CachedType,
    folded: string,
    limit: number,
    organizationId?: string,
  ): Promise<string[]> {
    const names = this.#typeKey(type, 'names');
    const ids: string[] = [];
    let from = '-';
    while (ids.length < limit) {
      const members = await this.#redis.zrangebylex(names, from, '+', 'LIMIT', 0, SCAN_CHUNK);
      let matches = members.flatMap((member) => {
        const cut = member.lastIndexOf('\u0000');
        return member.slice(0, cut).includes(folded) ? [member.slice(cut + 1)] : [];
      });
      if (organizationId !== undefined && matches.length > 0) {
        const rows = await this.#redis.hmget(this.#typeKey(type, 'rows'), ...matches);
        matches = matches.filter((_, i) => {
          const row = rows[i] ? (JSON.parse(rows[i]!) as unknown[]) : undefined;
          return row?.[2] === String(organizationId);
        });
      }
      ids.push(...matches.slice(0, limit - ids.length));
      if (members.length < SCAN_CHUNK) break;
      from = `(${members.at(-1)!}`;
    }
    return ids;
  }

  async #removeBelow(
    type: CachedType,
    set: 'seq' | 'expiry',
    bound: number,
    forget: boolean,
  ): Promise<number> {
    const ids = await this.#run<string[]>(REMOVE_BELOW, type, [type, set, bound, forget ? '1' : '0']);
    await this.#dropValues(type, ids);
    return ids.length;
  }

  /** After the index rows went (see the top): the search index's entries, then the values. */
  async #dropValues(type: CachedType, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.#searchWrite(() => this.search.remove(type, ids));
    for (let i = 0; i < ids.length; i += SCAN_CHUNK)
      await this.#kv(type).deleteMany(ids.slice(i, i + SCAN_CHUNK));
  }

  #searchWrite(fn: () => Promise<void>): Promise<void> {
    return this.#options.storage.write(fn);
  }

  async #run<T = unknown>(script: CacheScript, type: CachedType, args: Array<string | number>): Promise<T> {
    const keys = [
      ...['rows', 'names', 'nameless', 'expiry', 'seq'].map((part) => this.#typeKey(type, part)),
      this.#key('write-seq'),
      this.#key('bytes'),
      this.#key('refreshed'),
    ];
    try {
      return (await this.#redis.evalsha(script.sha, keys.length, ...keys, ...args)) as T;
    } catch (error) {
      if (!String((error as Error).message).startsWith('NOSCRIPT')) throw error;
      return (await this.#redis.eval(script.lua, keys.length, ...keys, ...args)) as T;
    }
  }

  #org(organizationId: string | undefined): string[] {
    return organizationId === undefined ? ['0', ''] : ['1', String(organizationId)];
  }

  #key(part: string): string {
    return `${this.#base}:cache:${part}`;
  }

  #typeKey(type: CachedType, part: string): string {
    return `${this.#base}:cache:${type}:${part}`;
  }

  #kv(type: CachedType): Keyv<StoredEntry> {
    let kv = this.#values.get(type);
    if (!kv) {
      const namespace = `${this.#base}:cache-${type}`;
      // One node-redis connection for every type: each view only adds its namespace.
      const store = new KeyvRedis<StoredEntry>(this.#adapter.client, { namespace, throwOnErrors: true });
      store.on('error', () => undefined);
      kv = new Keyv<StoredEntry>({ store, namespace, useKeyPrefix: false, throwOnErrors: true });
      kv.on('error', () => undefined);
      this.#values.set(type, kv);
    }
    return kv;
  }
}
