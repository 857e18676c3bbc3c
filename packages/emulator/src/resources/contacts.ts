import type { ResourceDef } from './types.js';
import { isPlainObject, toKebab } from '../case.js';
import {
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
import { ORG_SCOPED_ROUTES } from './configurations.js';

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
    // A contact IT Glue's PSA sync keeps up to date: locked like `psa-integration: "enabled"`.
    'sync-active': { kind: 'boolean', writable: false, default: false },
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
  resourceUrl: true,
  nameOf: (record) =>
    [record.attributes['first-name'], record.attributes['last-name']].filter(Boolean).join(' ') || null,
  present(_ctx, record, attributes) {
    attributes.name = contacts.nameOf?.(record) ?? null;
    attributes['contact-emails'] = entries(record.attributes['contact-emails'], EMAIL_DEFAULTS);
    attributes['contact-phones'] = entries(record.attributes['contact-phones'], PHONE_DEFAULTS).map(
      (phone) => ({ ...phone, 'formatted-value': formatPhone(phone.value) }),
    );
  },
};

/** Every key IT Glue answers in an email or phone entry, with the value it fills in when none was sent. */
const EMAIL_DEFAULTS = { value: null, primary: false, 'label-name': null };
const PHONE_DEFAULTS = {
  value: null,
  extension: null,
  primary: false,
  'label-name': null,
  'label-type': 'phone',
};

/** Entries as answered: kebab keys (clients may write `label_name`) and the documented keys all present. */
function entries(raw: unknown, defaults: Record<string, unknown>): Record<string, unknown>[] {
  if (!Array.isArray(raw)) return [];
  return raw.filter(isPlainObject).map((entry) => {
    const out: Record<string, unknown> = { ...defaults };
    for (const [key, value] of Object.entries(entry)) if (value !== undefined) out[toKebab(key)] = value;
    return out;
  });
}

/**
 * North American numbers read as "(415) 213-2000", like the docs' `formatted-value` and
 * `formatted-phone`; anything else is answered as stored (IT Glue's rules for other countries are
 * not documented).
 */
export function formatPhone(value: unknown): string | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  const digits = value.replace(/\D/g, '');
  const national = digits.length === 11 && digits.startsWith('1') ? digits.slice(1) : digits;
  if (national.length !== 10) return value;
  return `(${national.slice(0, 3)}) ${national.slice(3, 6)}-${national.slice(6)}`;
}

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
    // Countries and regions are not emulated: ids are kept as sent, names only come from the seed.
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
  // The documented sort keys of locations (params), primary included.
  sorts: ['name', 'id', 'primary', 'created_at', 'updated_at'],
  routes: { index: true, show: true, create: true, update: true, bulkUpdate: true, bulkDelete: true },
  nested: {
    parent: 'organizations',
    key: 'organization-id',
    routes: { index: true, show: true, create: true, update: true, destroy: true },
  },
  ownerKey: 'organization-id',
  psaLock: 'all',
  resourceUrl: true,
  present(_ctx, record, attributes) {
    attributes['formatted-phone'] = formatPhone(record.attributes.phone);
    attributes['formatted-fax'] = formatPhone(record.attributes.fax);
  },
};
