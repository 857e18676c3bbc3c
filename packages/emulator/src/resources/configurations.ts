import type { ResourceDef, RouteSpec } from './types.js';
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

const ORG_SCOPED_ROUTES: RouteSpec = {
  index: true,
  show: true,
  create: true,
  update: true,
  bulkDelete: true,
};

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
    'model-id': { kind: 'id' },
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
  createWith: { configuration_interfaces: 'configuration_interfaces' },
  includes: {
    configuration_interfaces: (ctx, record) => ctx.store.owned('configuration_interfaces', String(record.id)),
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

export const contacts: ResourceDef = {
  type: 'contacts',
  jsonType: 'contacts',
  label: 'Contact',
  fields: {
    'organization-id': { ...organizationRef, createOnly: true },
    'first-name': { kind: 'string', required: true },
    'last-name': text,
    title: text,
    'contact-type-id': idRef('contact_types', 'contact-type-name'),
    'location-id': idRef('locations', 'location-name'),
    important: flag,
    notes: text,
    restricted: flag,
    'contact-emails': { kind: 'json', default: [] },
    'contact-phones': { kind: 'json', default: [] },
    ...psaFields,
  },
  filters: {
    id: idFilter,
    first_name: eq,
    last_name: eq,
    title: eq,
    contact_type_id: ids,
    important: bool,
    organization_id: ids,
    primary_email: {
      kind: 'custom',
      match: (_ctx, record, values) => {
        const emails = record.attributes['contact-emails'];
        if (!Array.isArray(emails)) return false;
        const wanted = values.map((value) => value.toLowerCase());
        return emails.some(
          (email: { value?: unknown; primary?: unknown }) =>
            email.primary === true &&
            typeof email.value === 'string' &&
            wanted.includes(email.value.toLowerCase()),
        );
      },
    },
    ...psaFilters,
  },
  sorts: ['first_name', 'last_name', 'id', 'created_at', 'updated_at'],
  routes: { index: true, show: true, create: true, update: true, bulkUpdate: true, bulkDelete: true },
  nested: { parent: 'organizations', key: 'organization-id', routes: ORG_SCOPED_ROUTES },
  ownerKey: 'organization-id',
  psaLock: 'all',
  nameOf: (record) =>
    [record.attributes['first-name'], record.attributes['last-name']].filter(Boolean).join(' ') || null,
  present(_ctx, record, attributes) {
    attributes.name = contacts.nameOf?.(record) ?? null;
  },
};

export const locations: ResourceDef = {
  type: 'locations',
  jsonType: 'locations',
  label: 'Location',
  fields: {
    'organization-id': { ...organizationRef, createOnly: true },
    name: { kind: 'string', required: true },
    primary: flag,
    'address-1': text,
    'address-2': text,
    city: text,
    'postal-code': text,
    'region-id': { kind: 'id' },
    'region-name': { kind: 'string', writable: false },
    'country-id': { kind: 'id' },
    'country-name': { kind: 'string', writable: false },
    phone: text,
    fax: text,
    notes: text,
    restricted: flag,
    ...psaFields,
  },
  filters: {
    id: idFilter,
    name: eq,
    city: eq,
    region_id: ids,
    country_id: ids,
    organization_id: ids,
    ...psaFilters,
  },
  sorts: STANDARD_SORTS,
  routes: { index: true, show: true, create: true, update: true, bulkUpdate: true, bulkDelete: true },
  nested: {
    parent: 'organizations',
    key: 'organization-id',
    routes: { index: true, show: true, create: true, update: true, destroy: true },
  },
  ownerKey: 'organization-id',
};
