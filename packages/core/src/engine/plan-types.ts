/** The plan format written by `glueflow plan --out` and read by `glueflow apply`. Versioned. */
import type { ItemCounts } from './hook-types.js';
import type { UpsertRequest, WritableResource } from './write-types.js';

export const PLAN_FORMAT_VERSION = 1;

export interface FieldChange {
  /** camelCase attribute, or `traits.<name-key>` for flexible-asset traits. */
  field: string;
  before: unknown;
  after: unknown;
}

export type PlannedAction = 'create' | 'update' | 'unchanged' | 'conflict' | 'skipped';

/** A request as a plan keeps it: data only, secret values masked; side writes have their own types. */
export type PlannedRequest = Omit<
  UpsertRequest,
  'resourceType' | 'afterWrite' | 'fingerprint' | 'documentSource'
> & {
  resourceType: WritableResource | 'flexible_asset_types' | 'attachments';
};

export interface PlanEntry {
  plugin: string;
  step: string;
  sourceKey: string;
  action: PlannedAction;
  request: PlannedRequest;
  /**
   * Hash of the source as planned (secret values masked, so a plan file cannot be used to guess them):
   * `apply` refuses an entry whose source changed since.
   */
  sourceHash?: string;
  /** IT Glue id for updates/unchanged. */
  recordId?: string;
  /** `updated-at` seen at planning time; apply refuses the record if it moved. */
  recordUpdatedAt?: string;
  changes: FieldChange[];
  /** E.g. a flexible-asset trait that would be emptied. */
  warnings: string[];
  reason?: string;
  /**
   * The record this item was written to before, deleted in IT Glue since: a `create` re-creates it,
   * a `skipped` leaves it deleted (`onDeleted: report`).
   */
  deletedRecordId?: string;
  /**
   * The item is written once more later in the same run (its links resolved once the records they point
   * at exist). In a plan it marks the item's one entry; in a real run's record, the second write.
   */
  updatedAgain?: boolean;
  /**
   * A create followed by writes that need the new record's id (a document's sections; images uploaded
   * and the content that shows them written again): a dry run cannot make them, the apply does.
   */
  completedAfterCreate?: boolean;
}

export interface Plan {
  format: 'glueflow-plan';
  version: typeof PLAN_FORMAT_VERSION;
  pipeline: string;
  instance: string;
  createdAt: string;
  entries: PlanEntry[];
  /**
   * The dry run's item counts, in the categories `run` and `apply` report (items the steps skipped or
   * failed before any write have no entry). Absent in plans of older versions.
   */
  counts?: ItemCounts;
}
