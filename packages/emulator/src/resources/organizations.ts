import type { ResourceDef } from './types.js';
import { READ_ONLY, bool, eq, idFilter, idRef, ids, psaFields, psaFilters } from './common.js';

/** Index answers cut quick notes to 250 characters; only show returns the full text. */
export const QUICK_NOTES_INDEX_LIMIT = 250;

export const organizations: ResourceDef = {
  type: 'organizations',
  jsonType: 'organizations',
  label: 'Organization',
  fields: {
    name: { kind: 'string', required: true },
    alert: { kind: 'string', psaWritable: true },
    description: { kind: 'string', psaWritable: true },
    'organization-type-id': idRef('organization_types', 'organization-type-name'),
    'organization-status-id': idRef('organization_statuses', 'organization-status-name'),
    primary: { kind: 'boolean', writable: false, default: false },
    // No logo reads as "" (the docs' example), not null.
    logo: { kind: 'string', ...READ_ONLY, default: '' },
    'quick-notes': { kind: 'string', psaWritable: true },
    'short-name': { kind: 'string' },
    'parent-id': idRef('organizations'),
    'my-glue-account-id': { kind: 'integer', ...READ_ONLY },
    ...psaFields,
  },
  filters: {
    id: idFilter,
    name: eq,
    organization_type_id: ids,
    organization_status_id: ids,
    created_at: { kind: 'date-range', weekRule: true },
    updated_at: { kind: 'date-range', weekRule: true },
    primary: bool,
    my_glue_account_id: ids,
    ...psaFilters,
  },
  sorts: [
    'name',
    'id',
    'updated_at',
    'organization_status_name',
    'organization_type_name',
    'created_at',
    'short_name',
    'my_glue_account_id',
  ],
  routes: { index: true, show: true, create: true, update: true, bulkUpdate: true, bulkDelete: true },
  psaLock: 'fields',
  resourceUrl: true,
  present(ctx, record, attributes, view) {
    const notes = attributes['quick-notes'];
    if (view === 'index' && typeof notes === 'string' && notes.length > QUICK_NOTES_INDEX_LIMIT) {
      attributes['quick-notes'] = notes.slice(0, QUICK_NOTES_INDEX_LIMIT);
    }
    // Stored as a number (ancestry walks it), answered as a string like the live API: "parent-id": "1".
    const parent = record.attributes['parent-id'];
    attributes['parent-id'] = parent == null ? null : String(parent);
    attributes['ancestor-ids'] = JSON.stringify(ancestorIds(ctx.store, parent));
  },
};

function ancestorIds(
  store: { get(type: 'organizations', id: number): { attributes: Record<string, unknown> } | undefined },
  parentId: unknown,
): number[] {
  const chain: number[] = [];
  let current = typeof parentId === 'number' ? parentId : null;
  while (current !== null && !chain.includes(current)) {
    chain.unshift(current);
    const parent = store.get('organizations', current)?.attributes['parent-id'];
    current = typeof parent === 'number' ? parent : null;
  }
  return chain;
}
