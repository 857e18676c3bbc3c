/** The write-gated IT Glue facade steps use: every write carries a sourceKey (see writes/gate/write-gate.ts). */

import type { WritableRoute } from '@glueflow/itglue';

/** IT Glue resource types the write gate can create and update: RESOURCE_TYPES rows with `writable`. */
export type WritableResource = WritableRoute;

export interface UpsertRequest {
  /** Identity of the source item (file path, PSA company id, Message-ID …), unique within the plugin. */
  sourceKey: string;
  resourceType: WritableResource;
  organizationId?: string;
  /** For flexible assets. */
  flexibleAssetTypeId?: string;
  /**
   * The natural key used to adopt an existing record when no mapping exists (new machine, lost
   * state) or after an ambiguous failure: name within organization (and type).
   */
  naturalKey: { name: string };
  /** camelCase attributes; for flexible assets, `traits` is merged with the existing trait set. */
  attributes: Record<string, unknown>;
  /**
   * The record is documentation imported from a document-like source (a markdown file, an e-mail): a
   * flexible asset created this way also fires `onDocumentCreated`.
   */
  documentSource?: boolean;
  /**
   * The source as read (file contents, sections, images — whatever the attributes are derived from):
   * hashed with the attributes, so a change to it alone counts as a change, and used alone by plans to
   * tell whether the source changed between `plan` and `apply` (attributes may hold ids that only exist
   * at apply time, like links to other imported records). Never sent.
   */
  fingerprint?: unknown;
  /**
   * The fingerprint alone decides what is written (with the record's type, organization and flexible
   * asset type): nothing read from IT Glue or from other records goes into the attributes. Later runs
   * may then ask `unchangedSince` and skip building the request at all.
   */
  fingerprintOnly?: boolean;
  /**
   * Runs after a create or update (never in a dry run), before the mapping is recorded — so a crash
   * in between re-runs it next time. May return attributes for one more update (e.g. content with image
   * URLs that exist only once the record does); they are not part of the content hash.
   */
  afterWrite?: (record: {
    id: string;
    [attribute: string]: unknown;
  }) => Promise<Record<string, unknown> | void>;
}

export type UpsertAction = 'created' | 'updated' | 'unchanged' | 'skipped';

export interface UpsertResult {
  action: UpsertAction;
  /** The IT Glue id (`planned:…` for a dry run's create, see planned-records.ts); absent when skipped. */
  id?: string;
  /** Why it was skipped (a `beforeWrite` veto, a conflict). */
  reason?: string;
}

export interface StepWrites {
  /** Create, update or leave alone — never a duplicate, whatever faults happen on the way. */
  upsert(request: UpsertRequest): Promise<UpsertResult>;
  /**
   * Whether the item was last written from exactly this source by a `fingerprintOnly` upsert: then it
   * is counted (and planned) as unchanged and its result returned, and the step can skip building the
   * request — rendering, parsing, lookups. `null`: build it and call `upsert` as usual.
   */
  unchangedSince(probe: SourceProbe): Promise<UpsertResult | null>;
}

/** The cheap part of an UpsertRequest: enough to tell an unchanged source (see `unchangedSince`). */
export interface SourceProbe {
  sourceKey: string;
  resourceType: WritableResource;
  organizationId?: string;
  flexibleAssetTypeId?: string;
  fingerprint: unknown;
  /** Shown in plans; defaults to the sourceKey. */
  name?: string;
}

/** A field a step needs on a flexible asset type (IT Glue derives `nameKey` from `name` when absent). */
export interface FlexibleAssetFieldSpec {
  name: string;
  /** IT Glue field kind: Text, Textbox, Number, Date, Checkbox, Select, Tag, Upload, Header, Percent … */
  kind: string;
  nameKey?: string;
  required?: boolean;
  showInList?: boolean;
  useForTitle?: boolean;
  hint?: string;
  tagType?: string;
}

export interface FlexibleAssetTypeSpec {
  name: string;
  description?: string;
  icon?: string;
  fields: FlexibleAssetFieldSpec[];
}

export interface EnsuredFlexibleAssetType {
  /** The type's id; `planned:<name>` for a type a dry run would create. */
  id: string;
  name: string;
  /** `planned` only in dry runs (the type does not exist yet). */
  action: 'created' | 'updated' | 'unchanged' | 'planned';
  /** Every field of the type as it is (or would be) in IT Glue. */
  fields: Array<{ name: string; nameKey: string; kind: string; required: boolean }>;
}

/** Record types the gate attaches files to: the ones it writes (route form). */
export type AttachableResource = WritableResource;

export interface AttachRequest {
  resourceType: AttachableResource;
  resourceId: string;
  fileName: string;
  content: Uint8Array;
}

export interface AttachResult {
  /** `unchanged`: a file with the same sha256 is already attached to this record. */
  action: 'created' | 'unchanged' | 'skipped';
  id?: string;
  sha256: string;
  /** Where IT Glue serves the file (for rewriting `<img src>`), when known. */
  url?: string;
  reason?: string;
}

export interface DocumentSectionSpec {
  kind: 'Text' | 'Heading';
  /** HTML for Text sections, plain text for Heading sections. */
  content: string;
  /** Heading level 1–6 (Heading sections). */
  level?: number;
}

export interface DocumentUpsertRequest {
  sourceKey: string;
  organizationId: string;
  name: string;
  sections: DocumentSectionSpec[];
  /** Publish after writing (default true): IT Glue shows drafts to editors only. */
  publish?: boolean;
}
