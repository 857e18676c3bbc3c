import type { CacheEntryStore } from './cache-store.js';
import { CACHED_TYPES, type CacheStats, type CachedType } from './cache-types.js';

export type Counter = 'hits' | 'misses' | 'stale-hits';

/** The file's totals (every process that flushed) plus this process's counts not flushed yet. */
export async function collectStats(
  entries: CacheEntryStore,
  unflushed: Record<Counter, number>,
): Promise<CacheStats> {
  const [stored, counts, refreshed, bytesOnDisk] = await Promise.all([
    entries.counters(),
    entries.countsByType(),
    entries.lastRefreshed(),
    entries.bytes(),
  ]);
  const hits = (stored.hits ?? 0) + unflushed.hits;
  const misses = (stored.misses ?? 0) + unflushed.misses;
  const byType = <V>(value: (type: CachedType) => V) =>
    Object.fromEntries(CACHED_TYPES.map((type) => [type, value(type)])) as Record<CachedType, V>;
  return {
    hits,
    misses,
    staleHits: (stored['stale-hits'] ?? 0) + unflushed['stale-hits'],
    hitRate: hits + misses === 0 ? 0 : hits / (hits + misses),
    entries: byType((type) => counts.get(type) ?? 0),
    bytesOnDisk,
    lastRefresh: byType((type) => {
      const at = refreshed.get(type);
      return at === undefined ? null : new Date(at).toISOString();
    }),
    file: entries.where,
  };
}
