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

/** The psa fields are read-only: only PSA sync (or the admin API) sets them. */
export const psaFields: Record<string, FieldDef> = {
  'psa-integration-type': { kind: 'string', writable: false },
  'psa-id': { kind: 'string', writable: false },
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

/** Lookup types (organization types, configuration statuses, …): GET, POST, PATCH, no DELETE. */
export function lookupDef(type: ResourceType, label: string, routes?: RouteSpec): ResourceDef {
  return {
    type,
    jsonType: type.replace(/_/g, '-'),
    label,
    fields: { name: { kind: 'string', required: true } },
    filters: { id: idFilter, name: eq },
    sorts: STANDARD_SORTS,
    routes: routes ?? { index: true, show: true, create: true, update: true },
    unique: 'name',
  };
}
