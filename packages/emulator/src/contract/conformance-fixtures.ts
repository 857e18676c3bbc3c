/**
 * Records the request examples need (test support for conformance-requests.ts): which attribute
 * names an id of which type, how to make a fresh record of each type, and the flexible asset types
 * the examples' traits are written for.
 */
import { contractExamples } from './examples.js';
import type { RequestWorld } from './conformance-requests.js';

type Attributes = Record<string, unknown>;
type Owner = { key: string; id: string } | undefined;

/** Attributes that name a record, and its JSON:API type: their example values are placeholders. */
export const REFERENCES: Readonly<Record<string, string>> = {
  'organization-id': 'organizations',
  'organization-type-id': 'organization-types',
  'organization-status-id': 'organization-statuses',
  'configuration-id': 'configurations',
  'configuration-type-id': 'configuration-types',
  'configuration-status-id': 'configuration-statuses',
  'manufacturer-id': 'manufacturers',
  'model-id': 'models',
  'operating-system-id': 'operating-systems',
  'location-id': 'locations',
  'contact-id': 'contacts',
  'contact-type-id': 'contact-types',
  'password-category-id': 'password-categories',
  'flexible-asset-type-id': 'flexible-asset-types',
};

/** Types whose names are unique in an account: an example creating an existing name would clash. */
export const UNIQUE_NAMES: ReadonlySet<string> = new Set([
  'organization-types',
  'organization-statuses',
  'configuration-types',
  'configuration-statuses',
  'contact-types',
  'password-categories',
  'manufacturers',
  'flexible-asset-types',
]);

let serial = 0;
const unique = (what: string) => `${what} ${++serial}`;
const firstId = (world: RequestWorld, type: string) => Number(world.dump[type]?.[0]?.id);
const ownerOr = (world: RequestWorld, owner: Owner, key: string, type: string) =>
  owner?.key === key ? Number(owner.id) : firstId(world, type);
const lookup = () => ({ name: unique('Fresh') });

/** A new record of each type, made through the admin API (trusted: owner keys may be set directly). */
export const FRESH: Readonly<Record<string, (world: RequestWorld, owner: Owner) => Attributes>> = {
  organizations: () => ({ name: unique('Target Org') }),
  configurations: (world, owner) => ({
    'organization-id': ownerOr(world, owner, 'organization-id', 'organizations'),
    name: unique('TARGET-CFG'),
    'configuration-type-id': firstId(world, 'configuration-types'),
  }),
  'configuration-interfaces': (world, owner) => ({
    'configuration-id': ownerOr(world, owner, 'configuration-id', 'configurations'),
    name: unique('eth'),
  }),
  contacts: (world, owner) => ({
    'organization-id': ownerOr(world, owner, 'organization-id', 'organizations'),
    'first-name': unique('Target'),
  }),
  locations: (world, owner) => ({
    'organization-id': ownerOr(world, owner, 'organization-id', 'organizations'),
    name: unique('Target Site'),
  }),
  passwords: (world, owner) => ({
    'organization-id': ownerOr(world, owner, 'organization-id', 'organizations'),
    name: unique('Target Login'),
  }),
  documents: (world, owner) => ({
    'organization-id': ownerOr(world, owner, 'organization-id', 'organizations'),
    name: unique('Target Doc'),
  }),
  'flexible-asset-types': () => ({ name: unique('Target Type') }),
  'flexible-asset-fields': (world, owner) => ({
    'flexible-asset-type-id': ownerOr(world, owner, 'flexible-asset-type-id', 'flexible-asset-types'),
    name: unique('Target Field'),
    kind: 'Text',
  }),
  'flexible-assets': (world, owner) => ({
    'organization-id': ownerOr(world, owner, 'organization-id', 'organizations'),
    'flexible-asset-type-id': Number(world.types.nameField),
    traits: { 'name-field': unique('asset') },
  }),
  attachments: (_world, owner) => ({
    'resource-type': 'configurations',
    'resource-id': Number(owner?.id),
    name: 'old.txt',
    'attachment-file-name': 'old.txt',
  }),
  'related-items': (world, owner) => ({
    'resource-type': 'configurations',
    'resource-id': Number(owner?.id),
    'destination-id': String(firstId(world, 'passwords')),
    'destination-type': 'Password',
  }),
  models: (world, owner) => ({
    name: unique('Model'),
    'manufacturer-id': ownerOr(world, owner, 'manufacturer-id', 'manufacturers'),
  }),
  'organization-types': lookup,
  'organization-statuses': lookup,
  'configuration-types': lookup,
  'configuration-statuses': lookup,
  'contact-types': lookup,
  'password-categories': lookup,
  manufacturers: lookup,
};

/** The docs' POST /flexible_asset_types body ("Email"), renamed so the example itself can still create "Email". */
function emailType(): unknown {
  const example = contractExamples().find((e) => e.method === 'POST' && e.path === '/flexible_asset_types');
  const body = structuredClone(example?.json) as { data: { attributes: Attributes } };
  body.data.attributes.name = 'Email (docs copy)';
  return body;
}

const textField = (name: string, extra: Attributes = {}) => ({
  type: 'flexible_asset_fields',
  attributes: { name, kind: 'Text', 'show-in-list': true, ...extra },
});
const sampleType = (name: string, fields: unknown[]) => ({
  data: {
    type: 'flexible_asset_types',
    attributes: { name },
    relationships: { flexible_asset_fields: { data: fields } },
  },
});

/** Flexible asset types the examples' traits are written for. */
export const SAMPLE_TYPES = {
  get email() {
    return emailType();
  },
  traits: sampleType('Two traits', [textField('trait1', { 'use-for-title': true }), textField('trait2')]),
  nameField: sampleType('Named', [textField('Name Field', { 'use-for-title': true })]),
  upload: sampleType('With a file', [
    textField('Title'),
    { type: 'flexible_asset_fields', attributes: { name: 'File', kind: 'Upload' } },
  ]),
} as const;
