import type { StoredRecord } from '../store/store.js';
import type { EmulatorContext } from '../context.js';

/** Route segments of the emulated resources (snake plural, as in the URL). */
export type ResourceType =
  | 'organizations'
  | 'organization_types'
  | 'organization_statuses'
  | 'configurations'
  | 'configuration_types'
  | 'configuration_statuses'
  | 'configuration_interfaces'
  | 'contacts'
  | 'contact_types'
  | 'locations'
  | 'passwords'
  | 'password_categories'
  | 'manufacturers'
  | 'models'
  | 'platforms'
  | 'operating_systems'
  | 'flexible_asset_types'
  | 'flexible_asset_fields'
  | 'flexible_assets'
  | 'documents'
  | 'document_sections'
  | 'attachments'
  | 'related_items'
  | 'logs';

export type FieldKind = 'string' | 'integer' | 'id' | 'boolean' | 'date' | 'datetime' | 'json';

export interface FieldDef {
  kind: FieldKind;
  /** Clients may send it (default true). Read-only fields are silently ignored on write, like the real API. */
  writable?: boolean;
  /** Only on create (ignored on update). */
  createOnly?: boolean;
  /** Must be present and non-empty on create. */
  required?: boolean;
  /** The id must name an existing record of this type (422 otherwise). */
  ref?: ResourceType;
  /** Denormalised name emitted next to the id, e.g. `organization-name`. */
  nameField?: string;
  maxLength?: number;
  values?: readonly string[];
  /** Still writable when the record is PSA-synced. */
  psaWritable?: boolean;
  /**
   * secret: shown only on show when asked (password value) and in the admin dump;
   * admin: stored and shown in the admin dump, never in API answers (PSA kind and id: IT Glue only
   * filters by them);
   * internal: stored, never shown (OTP secret, attachment bytes).
   */
  visibility?: 'secret' | 'admin' | 'internal';
  /** Default stored on create when the client sends nothing. */
  default?: unknown;
}

/** Which verbs a path answers; anything else falls through to the HTML 404 like the real API. */
export interface RouteSpec {
  index?: boolean;
  show?: boolean;
  create?: boolean;
  update?: boolean;
  destroy?: boolean;
  bulkUpdate?: boolean;
  bulkDelete?: boolean;
}

export type FilterMatcher = (ctx: EmulatorContext, record: StoredRecord, values: string[]) => boolean;

export interface FilterDef {
  /** eq: case-insensitive equality on the attribute; id: numeric ids; bool; date-range: `start,end`. */
  kind: 'eq' | 'id' | 'bool' | 'date-range' | 'custom';
  /** Attribute the filter reads (default: the filter name in kebab-case). */
  attribute?: string;
  /** `date-range`: apply the 7-day / no-leading-wildcard rule. */
  weekRule?: boolean;
  /** Another filter that must be present too (psa_id needs psa_integration_type). */
  requires?: string;
  match?: FilterMatcher;
}

export type View = 'index' | 'show' | 'dump';

export interface PrepareInput {
  ctx: EmulatorContext;
  mode: 'create' | 'update';
  /** The full attribute set that will be stored (defaults and changes applied). */
  next: Record<string, unknown>;
  /** The attributes the client sent, validated and kebab-cased. */
  changes: Record<string, unknown>;
  existing?: StoredRecord;
  /** Who asks: a person in the web UI skips API-only rules (PSA locks). */
  byPerson: boolean;
}

export interface ResourceDef {
  type: ResourceType;
  /** JSON:API type: kebab plural. */
  jsonType: string;
  /** Display name, as in logs and related items ("Flexible Asset"). */
  label: string;
  fields: Record<string, FieldDef>;
  filters: Record<string, FilterDef>;
  /** A filter the index cannot do without (flexible assets need their type): 422 when absent. */
  requiredFilter?: string;
  /** Sort keys (snake). */
  sorts: readonly string[];
  routes: RouteSpec;
  /** Nested routes `/<parent>/:id/relationships/<type>`, and the attribute linking to the parent. */
  nested?: {
    parent: ResourceType;
    key: string;
    routes: RouteSpec;
    /** URL segment when not the type (sections). */ segment?: string;
  };
  /** What the store indexes children by (nested lists, includes, cascades): an attribute or a function. */
  ownerKey?: string | ((attributes: Record<string, unknown>) => string | null);
  /**
   * Records IT Glue's PSA sync owns (`psa-integration: "enabled"`, contacts also `sync-active`):
   * 'fields' keeps psaWritable fields writable through the API, 'all' locks every field.
   */
  psaLock?: 'fields' | 'all';
  /** The record has a page in IT Glue's web app, so its answers carry `resource-url`. */
  resourceUrl?: boolean;
  /** Never changes once written (log entries): answers carry created-at only. */
  immutable?: boolean;
  /** Attribute whose value must be unique (case-insensitive) within the type. */
  unique?: string;
  /** Side-loadable relationships (`include=`) on top of attachments/related_items. */
  includes?: Record<string, (ctx: EmulatorContext, record: StoredRecord) => StoredRecord[]>;
  /** Children a POST may carry in `relationships` (configuration interfaces, flexible asset fields). */
  createWith?: Record<string, ResourceType>;
  /** Validate and complete a write; throws ApiError. */
  prepare?: (input: PrepareInput) => void;
  /** Adjust the shown attributes (truncation, derived values). */
  present?: (
    ctx: EmulatorContext,
    record: StoredRecord,
    attributes: Record<string, unknown>,
    view: View,
  ) => void;
  /** The record's human name (logs, denormalised names). */
  nameOf?: (record: StoredRecord) => string | null;
}
