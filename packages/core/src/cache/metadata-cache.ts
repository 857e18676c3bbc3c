/**
 * The metadata cache: cache-first reads of IT Glue records with API fallback, TTLs per type, stale
 * answers while the circuit breaker is open, and write-through from the client. Password values and
 * file contents never reach the store (see strip-secrets.ts). The records live in the instance's
 * SQLite file (`open`, `over`) or in Redis, shared by every worker (`onRedis`, redis-cache-entries.ts).
 */
import { performance } from 'node:perf_hooks';
import { GlueflowStorage, type StorageOptions } from '../storage/glueflow-storage.js';
import { usageError } from '../storage/storage-errors.js';
import { CacheEntries } from './cache-entries.js';
import type { CacheEntryStore, StoredEntry } from './cache-store.js';
import { foldName, type SearchMode } from './cache-lookups.js';
import { CacheRefresher } from './cache-refresher.js';
import { DEFAULT_AUTO_REFRESH_MS, DEFAULT_KEEP_STALE_MS, DEFAULT_TTL_MS } from './cache-ttl.js';
import { CACHED_TYPES, cachedType, isCircuitOpen } from './cache-types.js';
import type {
  CacheHit,
  CacheMatches,
  CacheSource,
  CacheStats,
  CachedRecord,
  CachedType,
  CachedTypeName,
  RefreshReport,
  SectionsReport,
} from './cache-types.js';
import type { SecretTraitKeys } from '@glueflow/itglue';
import { collectStats, type Counter } from './cache-stats.js';
import type { RebuildReport } from '../search/search-index.js';
import type { SearchQueryOptions, SearchResult } from '../search/search-types.js';

export interface MetadataCacheOptions {
  /** Where records come from on a miss; without one the cache answers from the file only. */
  source?: CacheSource;
  /** TTL per type in ms, over the defaults (types 24 h, organizations 1 h, configurations 15 min …). */
  ttlMs?: Partial<Record<CachedType, number>>;
  /** A type last refreshed longer ago than this is pulled again when a name lookup needs it. Default 24 h. */
  autoRefreshAfterMs?: number;
  /** Turn off the automatic pull (name lookups then answer from what is cached, flagged stale). */
  autoRefresh?: boolean;
  /** How long `purgeExpired()` keeps expired entries as a fallback for outages. Default 7 days. */
  keepStaleMs?: number;
  /** Milliseconds since the epoch; injected so tests can move time. */
  clock?: () => number;
  /** Password-kind trait keys of a flexible asset type, when known (the client's `secretTraits.known`). */
  knownSecretKeys?: (typeId: unknown) => SecretTraitKeys;
}

/** `MetadataCache.onRedis`: the instance names its keys; `storage` (or the file it names) holds the search index. */
export interface RedisCacheOptions extends MetadataCacheOptions, StorageOptions {
  instance: string;
  /** This machine's open file, for the full-text index; without it the cache opens (and closes) its own. */
  storage?: GlueflowStorage;
}

export interface RefreshOptions {
  /** The types to pull (default: all). */
  types?: readonly CachedTypeName[];
  /**
   * Also read each cached document's sections for the full-text index — one IT Glue request per
   * document, under the shared rate budget. Section bodies are indexed, never cached.
   */
  sections?: boolean;
}

export interface SearchOptions {
  mode?: SearchMode;
  organizationId?: string;
  /** At most this many records (default 50). */
  limit?: number;
}

export class MetadataCache {
  readonly #entries: CacheEntryStore;
  readonly #source: CacheSource | undefined;
  readonly #refresher: CacheRefresher | undefined;
  readonly #clock: () => number;
  readonly #ttl: Record<CachedType, number>;
  readonly #autoRefreshAfterMs: number;
  readonly #autoRefresh: boolean;
  readonly #keepStaleMs: number;
  readonly #counts: Record<Counter, number> = { hits: 0, misses: 0, 'stale-hits': 0 };
  #closed = false;

  private constructor(entries: CacheEntryStore, options: MetadataCacheOptions) {
    this.#entries = entries;
    this.#source = options.source;
    this.#clock = options.clock ?? Date.now;
    this.#ttl = { ...DEFAULT_TTL_MS, ...options.ttlMs };
    this.#autoRefreshAfterMs = options.autoRefreshAfterMs ?? DEFAULT_AUTO_REFRESH_MS;
    this.#autoRefresh = options.autoRefresh ?? true;
    this.#keepStaleMs = options.keepStaleMs ?? DEFAULT_KEEP_STALE_MS;
    this.#refresher = options.source
      ? new CacheRefresher(entries, options.source, this.#clock, (type) => this.#ttl[type])
      : undefined;
  }

  /** Opens the instance's file (creating it) and a cache over it; `close()` closes the file. */
  static async open(options: MetadataCacheOptions & StorageOptions = {}): Promise<MetadataCache> {
    // A cache that fails to start closes the file it owns (#start).
    return MetadataCache.over(await GlueflowStorage.open(options), options, true);
  }

  /** A cache over an already open file shared with the state store; `close()` leaves the file open. */
  static async over(storage: GlueflowStorage, options: MetadataCacheOptions = {}, ownsStorage = false) {
    return MetadataCache.#start(new CacheEntries(storage, options.knownSecretKeys, ownsStorage), options);
  }

  /**
   * A cache in Redis, shared by every worker of the instance: one pull of a type serves them all. The
   * full-text index stays in this machine's file (`storage`, else the file `options` name).
   */
  static async onRedis(url: string, options: RedisCacheOptions): Promise<MetadataCache> {
    // Loaded only when a Redis URL is configured, as the state's Redis backend is.
    const { RedisCacheEntries } = await import('./redis-cache-entries.js');
    const storage = options.storage ?? (await GlueflowStorage.open(options));
    const entries = await RedisCacheEntries.connect(url, {
      instance: options.instance,
      storage,
      ownsStorage: options.storage === undefined,
      keepStaleMs: options.keepStaleMs ?? DEFAULT_KEEP_STALE_MS,
      ...(options.knownSecretKeys ? { knownSecretKeys: options.knownSecretKeys } : {}),
    }).catch(async (error: unknown) => {
      if (options.storage === undefined) await storage.close();
      throw error;
    });
    return MetadataCache.#start(entries, options);
  }

  static async #start(entries: CacheEntryStore, options: MetadataCacheOptions): Promise<MetadataCache> {
    try {
      await entries.init();
    } catch (error) {
      await entries.close().catch(() => undefined);
      throw error;
    }
    return new MetadataCache(entries, options);
  }

  /** The SQLite file, or the Redis server (no password) and key prefix of a cache on Redis. */
  get file(): string {
    return this.#entries.where;
  }

  /** A record by id: fresh from the cache, else from IT Glue (and cached); null if IT Glue has none. */
  async getById<T extends CachedRecord = CachedRecord>(
    typeName: CachedTypeName,
    id: string,
  ): Promise<CacheHit<T> | null> {
    const type = cachedType(typeName);
    const entry = await this.#entries.get(type, String(id));
    if (entry && entry.expiresAt > this.#clock()) return this.#hit(entry, false, 'hits');
    if (!this.#source) return entry ? this.#hit(entry, true, 'stale-hits') : this.#miss(null);
    if (entry && this.#circuitOpen()) return this.#hit(entry, true, 'stale-hits');
    try {
      return this.#miss(await this.#fetchOne<T>(type, String(id)));
    } catch (error) {
      if (entry && isCircuitOpen(error)) return this.#hit(entry, true, 'stale-hits');
      throw error;
    }
  }

  /**
   * The cached record as last stored, expired or not, without asking IT Glue: what `watch` diffs the
   * current record against.
   */
  async peek<T extends CachedRecord = CachedRecord>(typeName: CachedTypeName, id: string): Promise<T | null> {
    const entry = await this.#entries.get(cachedType(typeName), String(id));
    return (entry?.record as T | undefined) ?? null;
  }

  /**
   * Records whose name equals `name` ignoring case, optionally within one organization. `indexOnly`
   * trusts the index for a miss (the caller pulled it this run and writes go through the cache) instead
   * of asking IT Glue by name once more.
   */
  async findByName<T extends CachedRecord = CachedRecord>(
    typeName: CachedTypeName,
    name: string,
    options: { organizationId?: string; indexOnly?: boolean } = {},
  ): Promise<CacheMatches<T>> {
    const type = cachedType(typeName);
    const fresh = await this.#ensureIndexed(type);
    let apiUsed = fresh.apiUsed;
    const ids = await this.#entries.findIdsByName(type, name, options.organizationId);
    // On Redis an index row can outlive its value (the value's own Redis TTL, a crash between the
    // two writes): an id without a value counts as not found, so IT Glue is asked, as for a miss.
    const entries = ids.length === 0 ? [] : ((await this.#entries.getMany(type, ids)) as StoredEntry<T>[]);
    if (entries.length === 0) {
      // A record created in IT Glue since the last pull is not indexed yet: before answering "none"
      // (and letting a caller create a duplicate) ask IT Glue by exact name.
      if (options.indexOnly || fresh.apiUsed || !this.#source || this.#circuitOpen())
        return this.#matches([], fresh.stale, apiUsed);
      try {
        const found = await this.#listByName<T>(type, name, options.organizationId);
        return this.#matches(found, false, true);
      } catch (error) {
        if (isCircuitOpen(error)) return this.#matches([], true, true);
        throw error;
      }
    }
    const now = this.#clock();
    if (entries.every((entry) => entry.expiresAt > now) || !this.#source || this.#circuitOpen()) {
      const stale = fresh.stale || entries.some((entry) => entry.expiresAt <= now);
      return this.#matches(
        entries.map((entry) => entry.record),
        stale,
        apiUsed,
      );
    }
    // Past their TTL: fetch each again, so a rename or a deletion in IT Glue is not answered from the file.
    apiUsed = true;
    const wanted = foldName(name);
    const records: T[] = [];
    let stale = fresh.stale;
    for (const entry of entries) {
      if (entry.expiresAt > now) records.push(entry.record);
      else {
        const current = await this.#fetchOne<T>(type, entry.record.id).catch((error: unknown) => {
          if (!isCircuitOpen(error)) throw error;
          stale = true;
          return { record: entry.record, stale: true };
        });
        if (current && foldName(String(current.record.name ?? '')) === wanted) records.push(current.record);
      }
    }
    return this.#matches(records, stale, apiUsed);
  }

  /** Name search (prefix or substring, case-insensitive) served from the index. */
  async search<T extends CachedRecord = CachedRecord>(
    typeName: CachedTypeName,
    text: string,
    options: SearchOptions = {},
  ): Promise<CacheMatches<T>> {
    const type = cachedType(typeName);
    const fresh = await this.#ensureIndexed(type);
    if (text.trim() === '') return this.#matches([], fresh.stale, fresh.apiUsed);
    const limit = Math.max(1, Math.min(options.limit ?? 50, 10_000));
    const ids = await this.#entries.searchIds(
      type,
      text,
      options.mode ?? 'substring',
      limit,
      options.organizationId,
    );
    const entries = (await this.#entries.getMany(type, ids)) as StoredEntry<T>[];
    return this.#matches(
      entries.map((entry) => entry.record),
      fresh.stale,
      fresh.apiUsed,
    );
  }

  /**
   * One page of a type's cached records in name order (the MCP server's list_organizations), with the
   * type's total; the type is pulled first when it was never pulled or is older than autoRefreshHours.
   */
  async page<T extends CachedRecord = CachedRecord>(
    typeName: CachedTypeName,
    options: { offset?: number; limit?: number } = {},
  ): Promise<CacheMatches<T> & { total: number }> {
    const type = cachedType(typeName);
    const fresh = await this.#ensureIndexed(type);
    const offset = Math.max(0, Math.trunc(options.offset ?? 0));
    const limit = Math.max(1, Math.min(Math.trunc(options.limit ?? 50), 1000));
    const { ids, total } = await this.#entries.pageIds(type, offset, limit);
    const byId = new Map(
      ((await this.#entries.getMany(type, ids)) as StoredEntry<T>[]).map((e) => [String(e.record.id), e]),
    );
    const records = ids.flatMap((id) => byId.get(id)?.record ?? []);
    return { ...this.#matches(records, fresh.stale, fresh.apiUsed), total };
  }

  /**
   * Full-text search over every cached record (names, text fields, traits the cache may hold), ranked
   * by bm25; reads the file only, never IT Glue. A query FTS5 cannot parse fails with ESEARCH_QUERY.
   */
  async fullTextSearch(query: string, options: SearchQueryOptions = {}): Promise<SearchResult> {
    return this.#entries.search.search(query, options);
  }

  /** Re-derives the full-text index from the cached records (`glueflow cache refresh` does this). */
  async rebuildSearchIndex(): Promise<RebuildReport> {
    return this.#entries.search.rebuild();
  }

  /**
   * Indexes the text of document sections as IT Glue answered a write (the client's write notices,
   * follow-writes.ts): for full-text search only — the cache's values never hold a section body.
   * Sections of a document the cache does not hold are skipped. Returns how many were indexed.
   */
  async putSections(sections: readonly CachedRecord[]): Promise<number> {
    return this.#entries.search.putSections(sections);
  }

  /** Drops the indexed text of deleted sections, by their ids. */
  async removeSections(sectionIds: readonly string[]): Promise<void> {
    await this.#entries.search.removeSections(sectionIds.map(String));
  }

  /**
   * Reads every cached document's sections (one request per document; uploaded documents have none)
   * and indexes their text in place of what the index had: a section IT Glue no longer lists loses
   * its text. A document IT Glue no longer has is counted as missing.
   */
  async refreshSections(): Promise<SectionsReport> {
    const source = this.#source;
    if (!source?.sections)
      throw usageError(
        'refreshSections() without a source that reads sections',
        'a cache opened with `source: clientCacheSource(client)`',
      );
    const started = performance.now();
    const report: SectionsReport = { documents: 0, sections: 0, missing: 0, durationMs: 0 };
    for await (const document of this.#entries.records('documents')) {
      if (document.isUploaded === true) continue;
      const id = String(document.id);
      const sections: CachedRecord[] = [];
      report.documents++;
      try {
        for await (const section of source.sections(id)) sections.push(section);
      } catch (error) {
        if ((error as { code?: unknown } | null)?.code !== 'EITGLUE_NOT_FOUND') throw error;
        report.missing++;
      }
      report.sections += await this.#entries.search.replaceSections(id, sections);
    }
    report.durationMs = Math.round(performance.now() - started);
    return report;
  }

  /** Write-through after a create or update: caches what IT Glue answered (secrets stripped). */
  async put(type: CachedTypeName, record: CachedRecord): Promise<void> {
    await this.putMany(type, [record]);
  }

  async putMany(typeName: CachedTypeName, records: readonly CachedRecord[]): Promise<void> {
    const type = cachedType(typeName);
    if (records.length > 0) await this.#entries.write(type, records, this.#clock(), this.#ttl[type]);
  }

  /** After a delete (or a write whose answer is not at hand): the next read goes to IT Glue. */
  async invalidate(typeName: CachedTypeName, id: string | readonly string[]): Promise<void> {
    const type = cachedType(typeName);
    await this.#entries.remove(type, typeof id === 'string' ? [id] : id);
  }

  /**
   * Full pull of the given types (default: all), removing records IT Glue no longer lists. With
   * `{ sections: true }` the documents are pulled too and then each one's sections read for search
   * (`refreshSections`; the documents' report carries `sections`).
   */
  async refresh(
    typesOrOptions: readonly CachedTypeName[] | RefreshOptions = CACHED_TYPES,
    options: RefreshOptions = {},
  ): Promise<RefreshReport[]> {
    const chosen = Array.isArray(typesOrOptions)
      ? { ...options, types: typesOrOptions as readonly CachedTypeName[] }
      : { ...(typesOrOptions as RefreshOptions), ...options };
    const types = (chosen.types ?? CACHED_TYPES).map(cachedType);
    if (chosen.sections && !types.includes('documents')) types.push('documents');
    const refresher = this.#refresher;
    if (!refresher)
      throw usageError(
        'refresh() without a source',
        'a cache opened with `source: clientCacheSource(client)`',
      );
    const reports: RefreshReport[] = [];
    for (const type of types) reports.push(await refresher.refresh(type));
    if (chosen.sections) {
      const documents = reports.find((report) => report.type === 'documents');
      if (documents) documents.sections = await this.refreshSections();
    }
    return reports;
  }

  async lastRefreshed(typeName: CachedTypeName): Promise<Date | null> {
    const type = cachedType(typeName);
    const at = (await this.#entries.lastRefreshed()).get(type);
    return at === undefined ? null : new Date(at);
  }

  /** True when the type was never fully refreshed or not within `maxAgeMs`. */
  async isStale(type: CachedTypeName, maxAgeMs: number): Promise<boolean> {
    const last = await this.lastRefreshed(type);
    return last === null || this.#clock() - last.getTime() > maxAgeMs;
  }

  /** Hits, misses, hit rate, entries per type, bytes on disk and last refresh per type. */
  async stats(): Promise<CacheStats> {
    return collectStats(this.#entries, this.#counts);
  }

  /** Adds this process's hit/miss counts to the file's totals (also done by `close()`). */
  async flushStats(): Promise<void> {
    const counts = { ...this.#counts };
    await this.#entries.addCounters(counts);
    for (const key of Object.keys(counts) as Counter[]) this.#counts[key] -= counts[key];
  }

  /** Removes entries expired for longer than `keepStaleMs` (0: every expired entry). */
  async purgeExpired(options: { keepStaleMs?: number } = {}): Promise<number> {
    return this.#entries.removeExpiredBefore(this.#clock() - (options.keepStaleMs ?? this.#keepStaleMs));
  }

  /** Gives the space of removed records back to the disk (SQLite); a cache on Redis has nothing to do. */
  async vacuum(): Promise<boolean> {
    return this.#entries.vacuum();
  }

  /** Empties one type, or every cache type; the state store in the same file is left alone. */
  async clear(typeName?: CachedTypeName): Promise<void> {
    const types = typeName === undefined ? CACHED_TYPES : [cachedType(typeName)];
    for (const type of types) await this.#entries.clear(type);
  }

  /** Flushes the counters and closes what the cache opened itself (file, Redis connections). Safe to call twice. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    try {
      await this.flushStats();
    } finally {
      await this.#entries.close();
    }
  }

  async #ensureIndexed(type: CachedType): Promise<{ stale: boolean; apiUsed: boolean }> {
    const last = (await this.#entries.lastRefreshed()).get(type);
    if (last !== undefined && this.#clock() - last <= this.#autoRefreshAfterMs)
      return { stale: false, apiUsed: false };
    if (!this.#autoRefresh || !this.#refresher || this.#circuitOpen()) return { stale: true, apiUsed: false };
    try {
      await this.#refresher.refresh(type);
      return { stale: false, apiUsed: true };
    } catch (error) {
      if (isCircuitOpen(error)) return { stale: true, apiUsed: true };
      throw error;
    }
  }

  async #fetchOne<T extends CachedRecord>(type: CachedType, id: string): Promise<CacheHit<T> | null> {
    const record = await (this.#source as CacheSource).get(type, id);
    if (!record) {
      await this.#entries.remove(type, [id]);
      return null;
    }
    await this.#entries.write(type, [record], this.#clock(), this.#ttl[type]);
    return { record: this.#entries.strip(record) as T, stale: false };
  }

  async #listByName<T extends CachedRecord>(
    type: CachedType,
    name: string,
    organizationId?: string,
  ): Promise<T[]> {
    const filter = organizationId === undefined ? { name } : { name, organizationId };
    const wanted = foldName(name);
    const found: CachedRecord[] = [];
    for await (const record of (this.#source as CacheSource).list(type, { filter })) {
      if (foldName(String(record.name ?? '')) !== wanted) continue;
      if (organizationId !== undefined && String(record.organizationId) !== String(organizationId)) continue;
      found.push(record);
    }
    await this.putMany(type, found);
    return found.map((record) => this.#entries.strip(record) as T);
  }

  #circuitOpen(): boolean {
    return this.#source?.circuitOpen?.() === true;
  }

  #hit<T extends CachedRecord>(entry: StoredEntry, stale: boolean, counter: Counter): CacheHit<T> {
    this.#counts[counter]++;
    return { record: entry.record as T, stale };
  }

  #miss<T>(value: T): T {
    this.#counts.misses++;
    return value;
  }

  #matches<T extends CachedRecord>(records: T[], stale: boolean, apiUsed: boolean): CacheMatches<T> {
    this.#counts[apiUsed ? 'misses' : stale ? 'stale-hits' : 'hits']++;
    return { records, stale };
  }
}
