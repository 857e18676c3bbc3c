/**
 * What a step sees of IT Glue: reads of every resource (list/get, always allowed, also in dry runs)
 * and writes only through the gated operations — so every write is planned in a dry run, deduplicated
 * by sourceKey, journaled, and announced as an event. A step never holds a raw, writable client.
 */
import type { ITGlueClient } from '@glueflow/itglue';
import type { MetadataCache } from '../cache/metadata-cache.js';
import type {
  AttachRequest,
  AttachResult,
  DocumentUpsertRequest,
  EnsuredFlexibleAssetType,
  FlexibleAssetTypeSpec,
  StepWrites,
  UpsertResult,
  WritableResource,
} from './write-types.js';

type ReadMethod = 'list' | 'get' | 'getWithValue' | 'download';
type ReaderOf<R> = Pick<R, Extract<keyof R, ReadMethod>>;
type ResourceKey = {
  [K in keyof ITGlueClient]: ITGlueClient[K] extends { get: unknown } | { list: unknown } ? K : never;
}[keyof ITGlueClient];

/** The client with its write methods removed (type-level): list/get/getWithValue/download per resource. */
export type ITGlueReader = { readonly [K in ResourceKey]: ReaderOf<ITGlueClient[K]> } & Pick<
  ITGlueClient,
  'instance' | 'baseUrl'
>;

/** Fast local lookups of IT Glue metadata (never password values); refreshed on demand. */
export type CacheReader = Pick<MetadataCache, 'getById' | 'findByName' | 'search'>;

export interface StepItGlue extends StepWrites {
  /** Reads straight from IT Glue (through the rate budget, retries and circuit breaker). */
  readonly read: ITGlueReader;
  /**
   * Finds a flexible asset type by name (case-insensitive) or creates it with `spec.fields`; an existing
   * type gains the spec's missing fields, and a field whose kind differs is an error (EFAT_FIELD_KIND).
   * In a dry run a missing type is planned and `id` is `planned:<name>`.
   */
  ensureFlexibleAssetType(spec: FlexibleAssetTypeSpec): Promise<EnsuredFlexibleAssetType>;
  /**
   * From now on `sourceKey` is written to this record: the next `upsert` of it compares with the live
   * record and updates it. For a record found by something its name cannot show — a PSA id, an id in
   * front matter, a person's confirmation. No request; in a dry run it holds for that run only.
   */
  adopt(sourceKey: string, record: { resourceType: WritableResource; id: string }): Promise<void>;
  /**
   * Called by the engine when the step's `run` returns (plugins need not call it): checks, with one
   * listing per place the step created records in, that no other writer created the same names at the
   * same moment, and reports any duplicate (EDUPLICATE_RECORD).
   */
  endStep?(): Promise<void>;
  /** Uploads a file to a record unless a file with the same sha256 is already attached to it. */
  attach(request: AttachRequest): Promise<AttachResult>;
  /**
   * A document with its sections, deduplicated like `upsert` (natural key: name within organization):
   * unchanged → no write; changed → sections rewritten in place; then published (unless `publish: false`).
   */
  upsertDocument(request: DocumentUpsertRequest): Promise<UpsertResult>;
}
