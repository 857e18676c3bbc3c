import { fieldInvalid, referenceMissing } from '../errors.js';
import { timestamp } from '../context.js';
import type { ResourceDef, ResourceType } from './types.js';
import { STANDARD_SORTS, bool, eq, flag, idFilter, idRef, ids, organizationRef, text } from './common.js';

/** Embedded passwords name their owner by display name; the emulated ones map to a route. */
export const EMBEDDABLE: Record<string, ResourceType | null> = {
  Configuration: 'configurations',
  Contact: 'contacts',
  Document: 'documents',
  Domain: null,
  Location: 'locations',
  'SSL Certificate': null,
  'Flexible Asset': 'flexible_assets',
  Ticket: null,
};

export const passwords: ResourceDef = {
  type: 'passwords',
  jsonType: 'passwords',
  label: 'Password',
  fields: {
    'organization-id': { ...organizationRef, createOnly: true },
    name: { kind: 'string', required: true },
    username: text,
    password: { kind: 'string', visibility: 'secret' },
    url: text,
    notes: text,
    'autofill-selectors': text,
    // Client-settable on purpose: IT Glue lets API clients backdate or move it.
    'password-updated-at': { kind: 'datetime' },
    'updated-by': { kind: 'id', writable: false },
    'updated-by-type': { kind: 'string', writable: false },
    'resource-id': { kind: 'id' },
    'resource-type': { kind: 'string', values: Object.keys(EMBEDDABLE) },
    'password-category-id': idRef('password_categories', 'password-category-name'),
    'password-folder-id': { kind: 'id' },
    'otp-secret': { kind: 'string', visibility: 'internal' },
    'otp-enabled': { kind: 'boolean', writable: false, default: false },
    'parent-url': { kind: 'string', writable: false },
    'vault-id': { kind: 'id', writable: false },
    // Request-only parameters (docs' PATCH table); no published answer shows them.
    'generated-password-type': { kind: 'string', visibility: 'admin' },
    shareable: { ...flag, visibility: 'admin' },
    restricted: flag,
    archived: flag,
    // Shared with the client's MyGlue; MyGlue is not emulated, so never true.
    'my-glue': { kind: 'boolean', writable: false, default: false },
    // In the docs' show example; its meaning is undocumented, the emulator keeps every password live.
    'is-live': { kind: 'boolean', writable: false, default: true },
  },
  filters: {
    id: idFilter,
    name: eq,
    organization_id: ids,
    password_category_id: ids,
    url: eq,
    archived: bool,
    cached_resource_name: {
      kind: 'custom',
      match: (ctx, record, values) => {
        const name = embeddedName(ctx.store, record.attributes)?.toLowerCase();
        return name !== undefined && values.some((value) => value.toLowerCase() === name);
      },
    },
  },
  sorts: ['name', 'username', 'url', ...STANDARD_SORTS.filter((key) => key !== 'name')],
  routes: {
    index: true,
    show: true,
    create: true,
    update: true,
    destroy: true,
    bulkUpdate: true,
    bulkDelete: true,
  },
  nested: {
    parent: 'organizations',
    key: 'organization-id',
    routes: { index: true, show: true, create: true, update: true, destroy: true },
  },
  ownerKey: 'organization-id',
  resourceUrl: true,
  prepare({ ctx, mode, next, changes, existing }) {
    const valueChanged =
      'password' in changes && (mode === 'create' || changes.password !== existing?.attributes.password);
    if (valueChanged && !('password-updated-at' in changes) && changes.password != null) {
      next['password-updated-at'] = timestamp(ctx.now());
    }
    if ('otp-secret' in changes) next['otp-enabled'] = Boolean(changes['otp-secret']);
    const type = next['resource-type'];
    const id = next['resource-id'];
    if ((type == null) !== (id == null)) {
      throw fieldInvalid('resource-type', 'resource_type and resource_id must be given together');
    }
    const route = typeof type === 'string' ? EMBEDDABLE[type] : null;
    if (route && typeof id === 'number' && !ctx.store.get(route, id)) {
      throw referenceMissing('resource-id', `${type} ${id} does not exist`);
    }
  },
  present(ctx, record, attributes) {
    attributes['cached-resource-name'] = embeddedName(ctx.store, record.attributes) ?? null;
    attributes['cached-resource-type-name'] = record.attributes['resource-type'] ?? null;
  },
};

function embeddedName(
  store: { get(type: ResourceType, id: number): { attributes: Record<string, unknown> } | undefined },
  attributes: Record<string, unknown>,
): string | undefined {
  const type = attributes['resource-type'];
  const id = attributes['resource-id'];
  const route = typeof type === 'string' ? EMBEDDABLE[type] : null;
  if (!route || typeof id !== 'number') return undefined;
  const owner = store.get(route, id)?.attributes;
  if (!owner) return undefined;
  const name = owner.name ?? [owner['first-name'], owner['last-name']].filter(Boolean).join(' ');
  return typeof name === 'string' ? name : undefined;
}
