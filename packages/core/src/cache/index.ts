export {
  MetadataCache,
  type MetadataCacheOptions,
  type RedisCacheOptions,
  type RefreshOptions,
  type SearchOptions,
} from './metadata-cache.js';
export { CACHED_TYPES, cachedType } from './cache-types.js';
export type {
  CachedType,
  CachedTypeName,
  CachedRecord,
  CacheSource,
  SourceListParams,
  CacheHit,
  CacheMatches,
  CacheStats,
  RefreshReport,
  SectionsReport,
} from './cache-types.js';
export type { SearchMode } from './cache-lookups.js';
export { DEFAULT_TTL_MS, DEFAULT_AUTO_REFRESH_MS, DEFAULT_KEEP_STALE_MS } from './cache-ttl.js';
export { clientCacheSource } from './client-source.js';
export { followWrites } from './follow-writes.js';
