/** The plan format written by `glueflow plan --out` and read by `glueflow apply`. Versioned. */
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
}

export interface Plan {
  format: 'glueflow-plan';
  version: typeof PLAN_FORMAT_VERSION;
  pipeline: string;
  instance: string;
  createdAt: string;
  entries: PlanEntry[];
}
