/** The write-gated IT Glue facade steps use: every write carries a sourceKey (see write-gate.ts). */

/** IT Glue resource types the write gate can create and update. */
export type WritableResource =
  | 'organizations'
  | 'configurations'
  | 'contacts'
  | 'locations'
  | 'passwords'
  | 'flexible_assets'
  | 'documents';

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
}

export type UpsertAction = 'created' | 'updated' | 'unchanged' | 'skipped';

export interface UpsertResult {
  action: UpsertAction;
  /** The IT Glue id; absent for a planned create in a dry run. */
  id?: string;
  /** Why it was skipped (a `beforeWrite` veto, a conflict). */
  reason?: string;
}

export interface StepWrites {
  /** Create, update or leave alone — never a duplicate, whatever faults happen on the way. */
  upsert(request: UpsertRequest): Promise<UpsertResult>;
}
