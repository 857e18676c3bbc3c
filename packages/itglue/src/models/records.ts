/**
 * Models of the record types: organizations, configurations (+ interfaces), contacts, locations,
 * lookups. Attribute names are IT Glue's (reference/itglue-api.md §6); types are derived, camelCase.
 */
import { z } from 'zod';
import { defineModel, flag, label, ref, text } from '../json-api.js';

const stamps = { 'created-at': text(), 'updated-at': text() };
/**
 * IT Glue's own PSA sync (reference §6a): `psa-integration` is a status — `enabled` (synced and
 * locked), `disabled`, `orphaned` (its PSA record is gone) or null. The PSA kind is only a filter
 * (`filter[psa_integration_type]`), never an attribute; `psa-id` is read when a tenant sends it.
 */
const psa = { 'psa-integration': text(), 'psa-id': text() };

export const OrganizationModel = defineModel(
  'organizations',
  {
    name: label(),
    alert: text(),
    description: text(),
    'organization-type-id': ref(),
    'organization-type-name': text(),
    'organization-status-id': ref(),
    'organization-status-name': text(),
    primary: flag(),
    logo: text(),
    /** Cut to 250 characters in lists; full text on `get`. */
    'quick-notes': text(),
    'short-name': text(),
    'parent-id': ref(),
    /** A string such as "[1,6]", as IT Glue sends it. */
    'ancestor-ids': z.union([z.string(), z.array(z.number())]).nullish(),
    'my-glue-account-id': ref(),
    ...psa,
    ...stamps,
  },
  { strict: ['name'] },
);
export type Organization = ReturnType<typeof OrganizationModel.parse>;

export const ConfigurationModel = defineModel(
  'configurations',
  {
    'organization-id': ref(),
    'organization-name': text(),
    name: z.string().nullish(),
    hostname: text(),
    'primary-ip': text(),
    'mac-address': text(),
    'default-gateway': text(),
    'serial-number': text(),
    'asset-tag': text(),
    position: text(),
    'installed-by': text(),
    'purchased-by': text(),
    'installed-at': text(),
    'purchased-at': text(),
    'warranty-expires-at': text(),
    notes: text(),
    'operating-system-notes': text(),
    'configuration-type-id': ref(),
    'configuration-type-name': text(),
    'configuration-type-kind': text(),
    'configuration-status-id': ref(),
    'configuration-status-name': text(),
    'manufacturer-id': ref(),
    'manufacturer-name': text(),
    'model-id': ref(),
    'model-name': text(),
    'operating-system-id': ref(),
    'operating-system-name': text(),
    'location-id': ref(),
    'location-name': text(),
    'contact-id': ref(),
    'contact-name': text(),
    restricted: flag(),
    archived: flag(),
    'mitp-device-expiration-date': text(),
    'mitp-end-of-life-date': text(),
    ...psa,
    ...stamps,
  },
  { strict: ['organization-id'] },
);
export type Configuration = ReturnType<typeof ConfigurationModel.parse>;

export const ConfigurationInterfaceModel = defineModel('configuration-interfaces', {
  'configuration-id': ref(),
  name: text(),
  'ip-address': text(),
  'mac-address': text(),
  notes: text(),
  primary: flag(),
  ...stamps,
});
export type ConfigurationInterface = ReturnType<typeof ConfigurationInterfaceModel.parse>;

const contactEntry = z.looseObject({
  value: z.string().nullish(),
  primary: flag(),
  'label-name': text(),
  'label-type': text(),
  extension: text(),
  'formatted-value': text(),
});

export const ContactModel = defineModel(
  'contacts',
  {
    'organization-id': ref(),
    'organization-name': text(),
    name: text(),
    'first-name': text(),
    'last-name': text(),
    title: text(),
    'contact-type-id': ref(),
    'contact-type-name': text(),
    'location-id': ref(),
    'location-name': text(),
    important: flag(),
    notes: text(),
    restricted: flag(),
    'contact-emails': z.array(contactEntry).nullish(),
    'contact-phones': z.array(contactEntry).nullish(),
    ...psa,
    /** Contacts: true while IT Glue's PSA sync owns the record (locked like `psa-integration: enabled`). */
    'sync-active': flag(),
    ...stamps,
  },
  { strict: ['organization-id'] },
);
export type Contact = ReturnType<typeof ContactModel.parse>;

export const LocationModel = defineModel(
  'locations',
  {
    'organization-id': ref(),
    'organization-name': text(),
    name: z.string().nullish(),
    primary: flag(),
    'address-1': text(),
    'address-2': text(),
    city: text(),
    'postal-code': text(),
    'region-id': ref(),
    'region-name': text(),
    'country-id': ref(),
    'country-name': text(),
    phone: text(),
    fax: text(),
    notes: text(),
    restricted: flag(),
    ...psa,
    ...stamps,
  },
  { strict: ['organization-id'] },
);
export type Location = ReturnType<typeof LocationModel.parse>;

/** Organization types and statuses, configuration types and statuses, contact types, password categories, manufacturers … */
export const lookupModel = (jsonType: string) =>
  defineModel(jsonType, { name: label().nullish(), ...stamps }, { strict: ['name'] });
export type LookupRecord = ReturnType<ReturnType<typeof lookupModel>['parse']>;

/**
 * A record as every layer above the client sees it: IT Glue's id, the camelCase attributes the models
 * parse, and the few fields the engine reads by name (lookups by name and organization, change
 * detection by `updatedAt`) typed. The write gate, the metadata cache and the entity events use this
 * one shape, narrowing it only where they truly differ.
 */
export interface ItGlueRecord {
  id: string;
  name?: string | null;
  organizationId?: string | null;
  updatedAt?: string | null;
  [attribute: string]: unknown;
}

/** Any record: the escape hatch `client.resource(type)` uses; it also keeps IT Glue's JSON:API `type`. */
export const anyModel = (jsonType: string) => defineModel(jsonType, {});
export type AnyRecord = ItGlueRecord & { type: string };
