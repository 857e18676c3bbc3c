import type { FieldDef, FilterDef, ResourceDef, ResourceType, RouteSpec } from './types.js';

export const READ_ONLY = { writable: false } as const;

export function idRef(ref: ResourceType, nameField?: string, extra: Partial<FieldDef> = {}): FieldDef {
  return nameField ? { kind: 'id', ref, nameField, ...extra } : { kind: 'id', ref, ...extra };
}

export const organizationRef: FieldDef = {
  kind: 'id',
  ref: 'organizations',
  nameField: 'organization-name',
  required: true,
};

export const text: FieldDef = { kind: 'string' };
export const flag: FieldDef = { kind: 'boolean', default: false };

/** `psa-integration`: the status of IT Glue's own PSA sync for a record (reference §6a). */
export const PSA_STATUSES = ['enabled', 'disabled', 'orphaned'] as const;
/** The PSA kinds `filter[psa_integration_type]` accepts. */
export const PSA_KINDS = ['manage', 'autotask', 'tigerpaw', 'kaseya-bms', 'pulseway-psa', 'vorex'] as const;

/**
 * Only IT Glue's PSA sync (here: the admin API and the seed) sets these. The status is answered;
 * the kind and the PSA's id are only filters on the real API, so they never appear in answers.
 */
export const psaFields: Record<string, FieldDef> = {
  'psa-integration': { kind: 'string', writable: false, values: PSA_STATUSES },
  'psa-integration-type': { kind: 'string', writable: false, visibility: 'admin', values: PSA_KINDS },
  'psa-id': { kind: 'string', writable: false, visibility: 'admin' },
};

export const idFilter: FilterDef = { kind: 'id', attribute: 'id' };
export const eq: FilterDef = { kind: 'eq' };
export const ids: FilterDef = { kind: 'id' };
export const bool: FilterDef = { kind: 'bool' };

export const psaFilters: Record<string, FilterDef> = {
  psa_id: { kind: 'eq', requires: 'psa_integration_type' },
  psa_integration_type: eq,
};

export const STANDARD_SORTS = ['name', 'id', 'created_at', 'updated_at'] as const;

export interface LookupOptions {
  routes?: RouteSpec;
  /**
   * A PSA can own the type (IT Glue syncs types, statuses, manufacturers and models from it): an
   * admin-only `psa-integration` status, and synced ones refuse API updates.
   */
  psa?: boolean;
  fields?: Record<string, FieldDef>;
}

/** Lookup types (organization types, configuration statuses, …): GET, POST, PATCH, no DELETE. */
export function lookupDef(type: ResourceType, label: string, options: LookupOptions = {}): ResourceDef {
  const psa: Record<string, FieldDef> = options.psa
    ? { 'psa-integration': { ...psaFields['psa-integration'], kind: 'string', visibility: 'admin' } }
    : {};
  return {
    type,
    jsonType: type.replace(/_/g, '-'),
    label,
    fields: { name: { kind: 'string', required: true }, ...options.fields, ...psa },
    filters: { id: idFilter, name: eq },
    sorts: STANDARD_SORTS,
    routes: options.routes ?? { index: true, show: true, create: true, update: true },
    unique: 'name',
    ...(options.psa ? { psaLock: 'all' as const } : {}),
  };
}
