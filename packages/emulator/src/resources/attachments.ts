import type { ResourceDef, ResourceType } from './types.js';
import { READ_ONLY, STANDARD_SORTS, flag } from './common.js';

/** The resource types that carry attachments and related items in the emulator. */
export const ATTACHABLE: readonly ResourceType[] = [
  'configurations',
  'contacts',
  'documents',
  'locations',
  'passwords',
  'flexible_assets',
];

/**
 * Related items name their destination by display name: every name the docs list, mapped to the
 * emulated route (whose ids are checked) or null (not emulated: any id is taken on trust).
 */
export const RELATABLE: Record<string, ResourceType | null> = {
  User: null,
  Checklist: null,
  'Checklist Template': null,
  Contact: 'contacts',
  Configuration: 'configurations',
  'Datto Device': null,
  Document: 'documents',
  'Document Folder': null,
  Domain: null,
  Location: 'locations',
  Organization: 'organizations',
  Password: 'passwords',
  'SSL Certificate': null,
  'Flexible Asset': 'flexible_assets',
  Ticket: null,
};

/** Formats a browser shows inline (the docs' example: a .txt is viewable, a .pdf is not). */
const VIEWABLE = /^(image|text)\//;

const ownedByResource = (attributes: Record<string, unknown>): string | null =>
  `${String(attributes['resource-type'])}:${String(attributes['resource-id'])}`;

export const attachments: ResourceDef = {
  type: 'attachments',
  jsonType: 'attachments',
  label: 'Attachment',
  fields: {
    // The owner: the docs' attachment objects never show it (they are read through the owner).
    'resource-type': { kind: 'string', ...READ_ONLY, visibility: 'admin' },
    'resource-id': { kind: 'id', ...READ_ONLY, visibility: 'admin' },
    name: { kind: 'string' },
    'attachment-file-name': { kind: 'string', ...READ_ONLY },
    'attachment-content-type': { kind: 'string', ...READ_ONLY },
    'attachment-file-size': { kind: 'integer', ...READ_ONLY },
    content: { kind: 'string', visibility: 'internal', writable: false },
  },
  filters: {},
  sorts: STANDARD_SORTS,
  routes: {},
  ownerKey: ownedByResource,
  present(ctx, record, attributes) {
    const fileName = String(record.attributes['attachment-file-name'] ?? '');
    const dot = fileName.lastIndexOf('.');
    attributes.ext = dot > 0 ? fileName.slice(dot + 1).toLowerCase() : null;
    attributes.viewable = VIEWABLE.test(String(record.attributes['attachment-content-type'] ?? ''));
    attributes['download-url'] = `${ctx.baseUrl}/downloads/attachments/${record.id}`;
  },
};

export const relatedItems: ResourceDef = {
  type: 'related_items',
  jsonType: 'related-items',
  label: 'Related Item',
  fields: {
    'resource-type': { kind: 'string', ...READ_ONLY },
    'resource-id': { kind: 'id', ...READ_ONLY },
    'destination-id': { kind: 'string', required: true, createOnly: true },
    'destination-type': { kind: 'string', required: true, createOnly: true, values: Object.keys(RELATABLE) },
    notes: { kind: 'string' },
    restricted: flag,
    archived: flag,
  },
  filters: {},
  sorts: STANDARD_SORTS,
  routes: {},
  ownerKey: ownedByResource,
  nameOf: (record) =>
    `${String(record.attributes['destination-type'])} ${String(record.attributes['destination-id'])}`,
  present(ctx, record, attributes) {
    const type = RELATABLE[String(record.attributes['destination-type'])] ?? null;
    const destination = type ? ctx.store.get(type, Number(record.attributes['destination-id'])) : undefined;
    const name = destination?.attributes.name ?? destination?.attributes['first-name'];
    attributes['destination-name'] = typeof name === 'string' ? name : null;
    attributes['asset-type'] = String(record.attributes['destination-type']).toLowerCase().replace(/ /g, '_');
  },
};

export const logs: ResourceDef = {
  type: 'logs',
  jsonType: 'logs',
  label: 'Log',
  fields: {
    // An integer, as in the docs' example (`2`); the scale itself is not documented.
    level: { kind: 'integer', ...READ_ONLY },
    'account-id': { kind: 'id', ...READ_ONLY },
    'user-id': { kind: 'id', ...READ_ONLY },
    'organization-id': { kind: 'id', ...READ_ONLY },
    action: { kind: 'string', ...READ_ONLY },
    'resource-type': { kind: 'string', ...READ_ONLY },
    'resource-name': { kind: 'string', ...READ_ONLY },
    'ip-address': { kind: 'string', ...READ_ONLY },
    'ip-city': { kind: 'string', ...READ_ONLY },
    'ip-region': { kind: 'string', ...READ_ONLY },
    'ip-country': { kind: 'string', ...READ_ONLY },
    'user-agent': { kind: 'string', ...READ_ONLY },
  },
  filters: { created_at: { kind: 'date-range', weekRule: true } },
  sorts: ['created_at'],
  routes: { index: true },
  immutable: true,
};
