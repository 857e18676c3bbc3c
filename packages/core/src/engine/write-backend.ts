/**
 * What the write gate needs from the layers below it, as small interfaces: the IT Glue records
 * (implemented over the client), and durable state (implemented by the state store). Keeping them
 * narrow is what lets one write gate serve runs, dry runs and `apply`.
 */
import type { ItGlueRecord } from '@glueflow/itglue';
import type { WritableResource } from './write-types.js';

/**
 * A record as the write gate sees it: the client's record shape, with `traits` typed because the gate
 * merges a flexible asset's traits itself (IT Glue's PATCH deletes the traits a write omits).
 */
export type GateRecord = ItGlueRecord & { traits?: Record<string, unknown> };

/** Where a record lives: what IT Glue's listings are filtered by. */
export interface RecordScope {
  organizationId?: string;
  flexibleAssetTypeId?: string;
}

export interface NaturalKey {
  name: string;
  organizationId?: string;
  flexibleAssetTypeId?: string;
}

export interface RecordBackend {
  get(type: WritableResource, id: string): Promise<GateRecord | null>;
  /**
   * Whether a mapped record still exists (a person may have deleted it in IT Glue). Asked for every
   * unchanged item, so it must not cost a request per item: answer from a listing of the record's scope
   * taken once per run, and read by id only what the listing does not show.
   */
  exists(type: WritableResource, id: string, scope: RecordScope): Promise<boolean>;
  /**
   * Exact, case-insensitive name match within organization (and flexible asset type). `fresh` asks IT
   * Glue itself, not an index: used after an ambiguous failure, when only IT Glue knows the truth.
   */
  findByNaturalKey(
    type: WritableResource,
    key: NaturalKey,
    options?: { fresh?: boolean },
  ): Promise<GateRecord | null>;
  /**
   * Asked right before a create, after a lookup found nothing: the record IT Glue holds under that
   * name now, when the "nothing" may be stale (an index answered it — another machine may have created
   * the record since); null without a request when the lookup just asked IT Glue itself.
   */
  recheckNaturalKey?(type: WritableResource, key: NaturalKey): Promise<GateRecord | null>;
  /**
   * Lists once each place records were created in since the last call, so that a name created there
   * that IT Glue now holds twice shows up in `takeDuplicates` (a writer raced past the re-check).
   */
  auditCreated?(): Promise<void>;
  /** Names this run created that IT Glue now shows twice (a writer raced it past the re-check). */
  takeDuplicates?(): Array<{ type: WritableResource; name: string; ids: string[] }>;
  create(
    type: WritableResource,
    attributes: Record<string, unknown>,
    scope: { organizationId?: string; flexibleAssetTypeId?: string },
  ): Promise<GateRecord>;
  /**
   * The step's attributes over the live record `current`. For flexible assets only the step's traits
   * are given: the backend merges them into the live set by field kind (IT Glue's PATCH deletes every
   * trait left out, and reads tags and uploads in another shape than it writes them).
   */
  update(
    type: WritableResource,
    id: string,
    attributes: Record<string, unknown>,
    current?: GateRecord,
  ): Promise<GateRecord>;
}

export interface Mapping {
  resourceType: WritableResource;
  id: string;
  contentHash: string;
  updatedAt?: string;
  /** Hash of the fingerprint of a `fingerprintOnly` write (see StepWrites.unchangedSince). */
  fingerprintHash?: string;
}

export interface MappingStore {
  get(plugin: string, sourceKey: string): Promise<Mapping | undefined>;
  set(plugin: string, sourceKey: string, mapping: Mapping): Promise<void>;
  delete(plugin: string, sourceKey: string): Promise<void>;
}

export interface JournalEntry {
  plugin: string;
  sourceKey: string;
  resourceType: WritableResource;
  naturalKey: NaturalKey;
  payloadHash: string;
}

/** Intent is recorded before a create is sent, so a crash or an ambiguous failure can be reconciled. */
export interface WriteJournal {
  begin(entry: JournalEntry): Promise<string>;
  complete(journalId: string, recordId: string): Promise<void>;
  abandon(journalId: string, reason: string): Promise<void>;
}
