/**
 * The contract between the metadata cache and whatever reads IT Glue for it. The cache never talks
 * HTTP itself: the IT Glue client (through `clientCacheSource`) or a test double of this interface does.
 */
import { resourceNames, resourceTypeOf } from '@glueflow/itglue';
import type { ItGlueRecord, ResourceNames, ResourceType } from '@glueflow/itglue';
import { usageError } from '../storage/storage-errors.js';

/**
 * The IT Glue resource types the cache keeps, each in its own namespace with its own TTL: the
 * RESOURCE_TYPES rows marked `cached`, under their JSON:API type (`flexible-assets`).
 */
export const CACHED_TYPES: readonly CachedType[] = resourceNames('cached', 'jsonType');

export type CachedType = ResourceNames<'cached', 'jsonType'>;

/** A record as the client returns it; only `id`, `name` and `organizationId` matter to the index. */
export type CachedRecord = ItGlueRecord;

export interface SourceListParams {
  /** Server-side filters; the cache only asks for exact names, optionally within an organization. */
  filter?: { name?: string; organizationId?: string };
}

export interface CacheSource {
  /** Every record of a type (the client pages with `page[size]=1000`), or those matching `filter`. */
  list(type: CachedType, params?: SourceListParams): AsyncIterable<CachedRecord>;
  /** One record, or null when IT Glue has no such id. */
  get(type: CachedType, id: string): Promise<CachedRecord | null>;
  /** True while the client's circuit breaker is open: reads then serve stale entries instead. */
  circuitOpen?(): boolean;
  /**
   * A document's sections (one request per document), for the full-text index only: their bodies
   * are never cached. Without it `refresh({ sections: true })` is a usage error.
   */
  sections?(documentId: string): AsyncIterable<CachedRecord>;
}

/** A record read through the cache. `stale` is true when it is past its TTL and IT Glue was unreachable. */
export interface CacheHit<T extends CachedRecord = CachedRecord> {
  record: T;
  stale: boolean;
}

/** Records matched by name or search. `stale` is true when some could not be brought up to date. */
export interface CacheMatches<T extends CachedRecord = CachedRecord> {
  records: T[];
  stale: boolean;
}

export interface RefreshReport {
  type: CachedType;
  /** Records written by this refresh. */
  count: number;
  /** Cached records that IT Glue no longer lists, removed. */
  removed: number;
  durationMs: number;
  /** With `refresh({ sections: true })`, on the documents' report: their sections read for search. */
  sections?: SectionsReport;
}

/** `refresh({ sections: true })`: each cached document's sections read (one request each) and indexed. */
export interface SectionsReport {
  /** Documents whose sections were read: one IT Glue request each (uploaded documents have none). */
  documents: number;
  /** Sections whose text is now in the full-text index. */
  sections: number;
  /** Documents IT Glue no longer had (their section text is dropped). */
  missing: number;
  durationMs: number;
}

export interface CacheStats {
  hits: number;
  misses: number;
  /** Reads answered with an expired entry because the circuit was open. */
  staleHits: number;
  /** hits / (hits + misses), 0 when nothing was read. */
  hitRate: number;
  entries: Record<CachedType, number>;
  bytesOnDisk: number;
  /** ISO timestamps of the last complete refresh per type, null if never. */
  lastRefresh: Record<CachedType, string | null>;
  file: string;
}

/** Type names as the engine and IT Glue's routes spell them (`flexible_assets`) are accepted too. */
export type CachedTypeName = CachedType | ResourceNames<'cached', 'route'>;

/** The canonical (kebab-case) name of a type, accepting IT Glue's snake_case route names. */
export function cachedType(name: CachedTypeName): CachedType {
  return cachedRow(name).jsonType;
}

/** The RESOURCE_TYPES row of a cached type, by either name. */
export function cachedRow(name: CachedTypeName): Extract<ResourceType, { cached: true }> {
  const row = resourceTypeOf(String(name), ['jsonType', 'route']);
  if (!row?.cached) {
    throw usageError(`"${String(name)}" as a cached type`, `one of: ${CACHED_TYPES.join(', ')}`);
  }
  return row;
}

/** The client's error while its circuit breaker rejects calls. */
export function isCircuitOpen(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'EITGLUE_CIRCUIT_OPEN';
}
