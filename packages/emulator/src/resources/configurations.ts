import type { ResourceDef } from './types.js';
import {
  STANDARD_SORTS,
  bool,
  eq,
  flag,
  idFilter,
  idRef,
  ids,
  organizationRef,
  psaFields,
  psaFilters,
  text,
} from './common.js';

/** Configurations and contacts: the organization-nested routes (no bulk PATCH on nested routes). */
export const ORG_SCOPED_ROUTES = {
  index: true,
  show: true,
  create: true,
  update: true,
  bulkDelete: true,
} as const;

export const configurations: ResourceDef = {
  type: 'configurations',
  jsonType: 'configurations',
  label: 'Configuration',
  fields: {
    'organization-id': { ...organizationRef, createOnly: true },
    name: { kind: 'string', required: true },
    hostname: text,
    'primary-ip': text,
    'mac-address': { kind: 'string', maxLength: 17 },
    'default-gateway': text,
    'serial-number': { kind: 'string', psaWritable: true },
    'asset-tag': { kind: 'string', psaWritable: true },
    position: text,
    'installed-by': text,
    'purchased-by': text,
    'installed-at': { kind: 'date' },
    'purchased-at': { kind: 'date', psaWritable: true },
    'warranty-expires-at': { kind: 'date', psaWritable: true },
    notes: { kind: 'string', psaWritable: true },
    'operating-system-notes': text,
    'configuration-type-id': idRef('configuration_types', 'configuration-type-name', { required: true }),
    'configuration-status-id': idRef('configuration_statuses', 'configuration-status-name'),
    'manufacturer-id': idRef('manufacturers', 'manufacturer-name'),
    'model-id': idRef('models', 'model-name'),
    'operating-system-id': idRef('operating_systems', 'operating-system-name'),
    'location-id': idRef('locations', 'location-name'),
    'contact-id': idRef('contacts', 'contact-name'),
    restricted: { ...flag, psaWritable: true },
    archived: { ...flag, psaWritable: true },
    'mitp-device-expiration-date': { kind: 'date', psaWritable: true },
    'mitp-end-of-life-date': { kind: 'date', psaWritable: true },
    ...psaFields,
  },
  filters: {
    id: idFilter,
    name: eq,
    organization_id: ids,
    configuration_type_id: ids,
    configuration_status_id: ids,
    contact_id: ids,
    serial_number: eq,
    mac_address: eq,
    asset_tag: eq,
    archived: bool,
    ...psaFilters,
  },
  sorts: STANDARD_SORTS,
  routes: { index: true, show: true, create: true, update: true, bulkUpdate: true, bulkDelete: true },
  nested: { parent: 'organizations', key: 'organization-id', routes: ORG_SCOPED_ROUTES },
  ownerKey: 'organization-id',
  psaLock: 'fields',
  resourceUrl: true,
  createWith: { configuration_interfaces: 'configuration_interfaces' },
  includes: {
    configuration_interfaces: (ctx, record) => ctx.store.owned('configuration_interfaces', String(record.id)),
  },
  present(ctx, record, attributes) {
    // Denormalised from the organization and the type, as the docs' example shows them.
    const org = ctx.store.get('organizations', Number(record.attributes['organization-id']));
    attributes['organization-short-name'] = org?.attributes['short-name'] ?? null;
    const type = ctx.store.get('configuration_types', Number(record.attributes['configuration-type-id']));
    attributes['configuration-type-kind'] = type?.attributes.kind ?? null;
  },
};

export const configurationInterfaces: ResourceDef = {
  type: 'configuration_interfaces',
  jsonType: 'configuration-interfaces',
  label: 'Configuration Interface',
  fields: {
    'configuration-id': idRef('configurations', undefined, { required: true, createOnly: true }),
    name: text,
    'ip-address': text,
    'mac-address': { kind: 'string', maxLength: 17 },
    notes: text,
    primary: flag,
  },
  filters: {},
  sorts: STANDARD_SORTS,
  routes: { show: true, create: true, update: true, bulkUpdate: true },
  nested: {
    parent: 'configurations',
    key: 'configuration-id',
    routes: { index: true, show: true, create: true, update: true, destroy: true },
  },
  ownerKey: 'configuration-id',
};
