/**
 * Every example body IT Glue's docs publish, mapped to the client call that reads or builds it —
 * or to the reason the client has no such call. The contract tests walk this table, and a test fails
 * when the docs gain an example that is not in it (so a new one cannot go unread).
 */
import type { ContractExample } from '@glueflow/emulator';
import { toCamel } from '../case.js';
import type { ITGlueClient } from '../itglue-client.js';

type Call = (client: ITGlueClient, example: ContractExample) => Promise<unknown>;

export interface CallEntry {
  call: Call;
  /**
   * Where the client deliberately sends another attribute set than the example shows: the keys it
   * adds or leaves out (snake_case), and why. Everything else must match exactly.
   */
  differs?: { adds?: string[]; omits?: string[]; idIn?: 'attributes' | 'none'; why: string };
}

/** The client has no call for this example: why (a test checks each reason is given). */
export interface NotBuilt {
  notBuilt: string;
}

export type ContractEntry = CallEntry | NotBuilt;

const drain = async (items: AsyncIterable<unknown>) => {
  const out: unknown[] = [];
  for await (const item of items) out.push(item);
  return out;
};

type Data = { id?: unknown; attributes?: Record<string, unknown> };
const dataOf = (example: ContractExample) => (example.json as { data: Data | Data[] }).data;
/** The example's attributes (first record), camelCased as a user writes them, without `id`. */
const attrs = (example: ContractExample): Record<string, unknown> => {
  const data = dataOf(example);
  const { id: _id, ...rest } = (Array.isArray(data) ? data[0] : data)?.attributes ?? {};
  return toCamel(rest);
};
/** Bulk items: `{ id, …attributes }` per record. */
const items = (example: ContractExample) =>
  (dataOf(example) as Data[]).map((record, index) => {
    const { id, ...rest } = record.attributes ?? {};
    return { ...toCamel<Record<string, unknown>>(rest), id: String(id ?? index + 1) };
  });
const ids = (example: ContractExample) => items(example).map((item) => item.id);

const lookup = (name: keyof ITGlueClient): Record<string, ContractEntry> => ({
  [`GET /${snake(name)} response #0`]: { call: (c) => drain(lookupOf(c, name).list()) },
  [`GET /${snake(name)}/:id response #0`]: { call: (c) => lookupOf(c, name).get(1) },
});
const writableLookup = (name: keyof ITGlueClient): Record<string, ContractEntry> => ({
  ...lookup(name),
  [`POST /${snake(name)} request #0`]: {
    call: (c, e) => writableOf(c, name).create(attrs(e) as { name: string }),
  },
  [`PATCH /${snake(name)}/:id request #0`]: { call: (c, e) => writableOf(c, name).update(1, attrs(e)) },
});
const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const lookupOf = (c: ITGlueClient, name: keyof ITGlueClient) =>
  c[name] as unknown as { list(): AsyncIterable<unknown>; get(id: number): Promise<unknown> };
const writableOf = (c: ITGlueClient, name: keyof ITGlueClient) =>
  c[name] as unknown as {
    create(a: { name: string }): Promise<unknown>;
    update(id: number, a: object): Promise<unknown>;
  };

const ORG = '/organizations/:organization_id/relationships';
const ON_FLAT_ROUTE = (key: string) => ({
  adds: [key],
  why: `the client posts to the flat route, which needs ${key} in the attributes (the nested route has it in the path)`,
});

export const CONTRACT_CALLS: Readonly<Record<string, ContractEntry>> = {
  // ── Users, user metrics, groups, exports, domains, expirations: untyped, through client.resource()
  'GET /user_metrics response #0': { call: (c) => drain(c.resource('user_metrics').list()) },
  'GET /users response #0': { call: (c) => drain(c.resource('users').list()) },
  'GET /users/:id response #0': { call: (c) => c.resource('users').get(35) },
  'PATCH /users/:id request #0': {
    call: (c, e) => c.resource('users').update(36, { id: 36, ...attrs(e) }),
  },
  'GET /groups response #0': { call: (c) => drain(c.resource('groups').list()) },
  'GET /groups/:id response #0': { call: (c) => c.resource('groups').get(1) },
  'POST /groups request #0': {
    notBuilt:
      'groups with users and organizations in `relationships`: the untyped client sends attributes only',
  },
  'POST /groups response #1': { call: (c) => c.resource('groups').create({ name: 'my group' }) },
  'PATCH /groups/:id request #0': { call: (c, e) => c.resource('groups').update(1, attrs(e)) },
  'PATCH /groups/:id response #1': { call: (c) => c.resource('groups').update(1, { name: 'Itglue' }) },
  'PATCH /groups request #0': { call: (c, e) => c.resource('groups').bulkUpdate(items(e)) },
  'GET /exports response #0': { call: (c) => drain(c.resource('exports').list()) },
  'GET /exports/:id response #0': { call: (c) => c.resource('exports').get(1) },
  'POST /exports request #0': { call: (c, e) => c.resource('exports').create(attrs(e)) },
  [`GET ${ORG}/domains response #0`]: { call: (c) => drain(c.resource('domains').list()) },
  [`GET ${ORG}/expirations response #0`]: { call: (c) => drain(c.resource('expirations').list()) },
  [`GET ${ORG}/expirations/:id response #0`]: { call: (c) => c.resource('expirations').get(1) },

  // ── Lookups
  ...writableLookup('configurationStatuses'),
  ...writableLookup('configurationTypes'),
  ...writableLookup('contactTypes'),
  ...writableLookup('manufacturers'),
  ...writableLookup('organizationStatuses'),
  ...writableLookup('organizationTypes'),
  ...writableLookup('passwordCategories'),
  ...lookup('countries'),
  ...lookup('operatingSystems'),
  ...lookup('platforms'),
  'GET /countries/:country_id/relationships/regions response #0': { call: (c) => drain(c.regions.list()) },
  'GET /countries/:country_id/relationships/regions/:id response #0': { call: (c) => c.regions.get(1) },
  'GET /manufacturers/:manufacturer_id/relationships/models response #0': {
    call: (c) => drain(c.models.list()),
  },
  'GET /manufacturers/:manufacturer_id/relationships/models/:id response #0': {
    call: (c) => c.models.get(1),
  },
  'POST /manufacturers/:manufacturer_id/relationships/models request #0': {
    call: (c, e) => c.resource('models').create(attrs(e)),
  },
  'PATCH /manufacturers/:manufacturer_id/relationships/models/:id request #0': {
    call: (c, e) => c.resource('models').update(1, attrs(e)),
  },
  'PATCH /models request #0': { call: (c, e) => c.resource('models').bulkUpdate(items(e)) },

  // ── Organizations
  'GET /organizations response #0': { call: (c) => drain(c.organizations.list()) },
  'GET /organizations/:id response #0': { call: (c) => c.organizations.get(2) },
  'POST /organizations request #0': { call: (c, e) => c.organizations.create(attrs(e) as { name: string }) },
  'PATCH /organizations/:id request #0': { call: (c, e) => c.organizations.update(2, attrs(e)) },
  'PATCH /organizations request #0': { call: (c, e) => c.organizations.bulkUpdate(items(e)) },
  'DELETE /organizations request #0': { call: (c, e) => c.organizations.bulkDelete(ids(e)) },

  // ── Configurations and their interfaces
  [`GET ${ORG}/configurations response #0`]: {
    call: (c) => drain(c.configurations.list({ organizationId: 2 })),
  },
  [`GET ${ORG}/configurations/:id response #0`]: { call: (c) => c.configurations.get(1) },
  [`POST ${ORG}/configurations request #0`]: {
    call: (c, e) => c.configurations.create({ ...attrs(e), organizationId: 2 } as never),
    differs: {
      ...ON_FLAT_ROUTE('organization_id'),
      why: 'interfaces are created with configurations.interfaces.create() after the configuration (no `relationships` in the POST); the flat route needs organization_id',
    },
  },
  [`POST ${ORG}/configurations request #1`]: {
    call: (c) => c.configurations.createMany(2, [{}, {}] as never),
    differs: { adds: ['organization_id'], why: 'createMany names the organization in every record too' },
  },
  [`PATCH ${ORG}/configurations/:id request #0`]: { call: (c, e) => c.configurations.update(1, attrs(e)) },
  'PATCH /configurations request #0': { call: (c, e) => c.configurations.bulkUpdate(items(e)) },
  [`DELETE ${ORG}/configurations request #0`]: { call: (c, e) => c.configurations.bulkDelete(ids(e)) },
  'GET /configurations/:configuration_id/relationships/configuration_interfaces response #0': {
    call: (c) => drain(c.configurations.interfaces.list(1)),
  },
  'GET /configurations/:configuration_id/relationships/configuration_interfaces/:id response #0': {
    call: (c) => c.configurations.interfaces.get(68),
  },
  'POST /configurations/:configuration_id/relationships/configuration_interfaces request #0': {
    call: (c, e) => c.configurations.interfaces.create(1, attrs(e)),
  },
  'POST /configurations/:configuration_id/relationships/configuration_interfaces request #1': {
    notBuilt: 'several interfaces in one POST: the client creates one interface per call',
  },
  'PATCH /configurations/:configuration_id/relationships/configuration_interfaces/:id request #0': {
    call: (c, e) => c.configurations.interfaces.update(1, attrs(e)),
  },
  'PATCH /configuration_interfaces request #0': {
    call: (c, e) => c.configurations.interfaces.bulkUpdate(items(e)),
  },

  // ── Contacts and locations
  [`GET ${ORG}/contacts response #0`]: { call: (c) => drain(c.contacts.list({ organizationId: 2 })) },
  [`GET ${ORG}/contacts/:id response #0`]: { call: (c) => c.contacts.get(72) },
  [`POST ${ORG}/contacts request #0`]: {
    call: (c, e) => c.contacts.create({ ...attrs(e), organizationId: 2 } as never),
    differs: ON_FLAT_ROUTE('organization_id'),
  },
  [`POST ${ORG}/contacts request #1`]: {
    call: (c) => c.contacts.createMany(2, [{}, {}] as never),
    differs: { adds: ['organization_id'], why: 'createMany names the organization in every record too' },
  },
  [`PATCH ${ORG}/contacts/:id request #0`]: { call: (c, e) => c.contacts.update(72, attrs(e)) },
  'PATCH /contacts request #0': { call: (c, e) => c.contacts.bulkUpdate(items(e)) },
  [`DELETE ${ORG}/contacts request #0`]: { call: (c, e) => c.contacts.bulkDelete(ids(e)) },
  [`GET ${ORG}/locations response #0`]: { call: (c) => drain(c.locations.list({ organizationId: 2 })) },
  [`GET ${ORG}/locations/:id response #0`]: { call: (c) => c.locations.get(795) },
  [`POST ${ORG}/locations request #0`]: { call: (c, e) => c.locations.create(attrs(e) as never) },
  [`POST ${ORG}/locations request #1`]: {
    notBuilt: 'several locations in one POST: the client creates one location per call',
  },
  [`PATCH ${ORG}/locations/:id request #0`]: { call: (c, e) => c.locations.update(795, attrs(e)) },
  'PATCH /locations request #0': { call: (c, e) => c.locations.bulkUpdate(items(e)) },
  [`DELETE ${ORG}/locations/:id request #0`]: { call: (c) => c.locations.delete(2, 2) },

  // ── Passwords
  [`GET ${ORG}/passwords response #0`]: { call: (c) => drain(c.passwords.list({ organizationId: 2 })) },
  [`GET ${ORG}/passwords/:id response #0`]: { call: (c) => c.passwords.getWithValue(1) },
  [`POST ${ORG}/passwords request #0`]: {
    call: (c, e) => c.passwords.create({ ...attrs(e), organizationId: 2 } as never),
    differs: ON_FLAT_ROUTE('organization_id'),
  },
  [`POST ${ORG}/passwords request #1`]: {
    notBuilt: 'several passwords in one POST: the client creates one password per call',
  },
  [`PATCH ${ORG}/passwords/:id request #0`]: {
    call: (c) => c.passwords.update(1, { name: 'Meraki Dashboard Administrator Login' }),
    differs: {
      adds: ['name'],
      why: 'the published example puts `name` beside `attributes` (a docs slip); the client sends it inside',
    },
  },
  'PATCH /passwords request #0': {
    call: (c) => c.passwords.bulkUpdate([{ id: 1 }, { id: 2 }]),
    differs: {
      idIn: 'attributes',
      adds: [],
      why: 'the published example leaves out the ids a bulk PATCH needs',
    },
  },
  [`DELETE ${ORG}/passwords/:id request #0`]: { call: (c, e) => c.passwords.bulkDelete(ids(e)) },

  // ── Flexible asset types, fields, assets
  'GET /flexible_asset_types response #0': { call: (c) => drain(c.flexibleAssetTypes.list()) },
  'GET /flexible_asset_types/:id response #0': { call: (c) => c.flexibleAssetTypes.get(1) },
  'POST /flexible_asset_types request #0': {
    notBuilt:
      'a type with its fields in `relationships`: the engine creates the type, then each field (flexibleAssetFields.create), so a field that fails is reported alone',
  },
  'PATCH /flexible_asset_types/:id request #0': {
    call: (c, e) => c.flexibleAssetTypes.update(1, attrs(e)),
  },
  'GET /flexible_asset_types/:flexible_asset_type_id/relationships/flexible_asset_fields response #0': {
    call: (c) => drain(c.flexibleAssetFields.list(33)),
  },
  'GET /flexible_asset_types/:flexible_asset_type_id/relationships/flexible_asset_fields/:id response #0': {
    call: (c) => c.flexibleAssetFields.get(1),
  },
  'POST /flexible_asset_types/:flexible_asset_type_id/relationships/flexible_asset_fields request #0': {
    call: (c, e) => c.flexibleAssetFields.create(33, attrs(e) as never),
    differs: { adds: ['flexible_asset_type_id'], why: 'the client names the type in the attributes too' },
  },
  'POST /flexible_asset_types/:flexible_asset_type_id/relationships/flexible_asset_fields request #1': {
    notBuilt: 'several fields in one POST: the client creates one field per call',
  },
  'PATCH /flexible_asset_types/:flexible_asset_type_id/relationships/flexible_asset_fields/:id request #0': {
    call: (c, e) => c.flexibleAssetFields.update(1, attrs(e)),
  },
  'PATCH /flexible_asset_fields request #0': { call: (c, e) => c.flexibleAssetFields.bulkUpdate(items(e)) },
  'GET /flexible_assets response #0': {
    call: (c) => drain(c.flexibleAssets.list({ flexibleAssetTypeId: 33 })),
  },
  'GET /flexible_assets/:id response #0': { call: (c) => c.flexibleAssets.get(401) },
  [`POST ${ORG}/flexible_assets request #0`]: { call: (c, e) => c.flexibleAssets.create(attrs(e) as never) },
  [`POST ${ORG}/flexible_assets request #1`]: {
    call: (c, e) => c.flexibleAssets.createMany(2, items(e).map(({ id: _id, ...rest }) => rest) as never),
    differs: { adds: ['organization_id'], why: 'createMany names the organization in every record too' },
  },
  [`POST ${ORG}/flexible_assets request #2`]: {
    notBuilt: 'not a request body: a fragment of the docs showing how an Upload trait value is written',
  },
  'PATCH /flexible_assets/:id request #0': {
    call: (c, e) => c.flexibleAssets.replaceTraits(401, attrs(e).traits as never),
    differs: {
      omits: ['archived'],
      why: 'traits go through replaceTraits/updateTraits (IT Glue deletes omitted traits), archived/restricted through update()',
    },
  },
  'PATCH /flexible_assets request #0': { call: (c, e) => c.flexibleAssets.bulkUpdate(items(e) as never) },
  'DELETE /flexible_assets request #0': { call: (c, e) => c.flexibleAssets.bulkDelete(ids(e)) },

  // ── Documents, attachments, related items, logs
  [`PATCH ${ORG}/documents/:id request #0`]: { call: (c, e) => c.documents.update(10, attrs(e)) },
  'PATCH /documents request #0': { call: (c, e) => c.resource('documents').bulkUpdate(items(e)) },
  'POST /:resource_type/:resource_id/relationships/attachments request #0': {
    call: (c) => c.attachments.upload('configurations', 1, Buffer.from('GIF89a'), { fileName: 'test.png' }),
  },
  'POST /:resource_type/:resource_id/relationships/attachments request #1': {
    notBuilt: 'several files in one POST: the client uploads one file per call (each within the 10 MB limit)',
  },
  'PATCH /:resource_type/:resource_id/relationships/attachments/:id request #0': {
    call: (c) => c.attachments.rename('configurations', 1, 2, 'new_name.png'),
    differs: {
      idIn: 'attributes',
      why: 'a rename names the attachment in data.attributes.id as well (reference §6a)',
    },
  },
  'DELETE /:resource_type/:resource_id/relationships/attachments request #0': {
    call: (c, e) => c.attachments.bulkDelete('configurations', 1, ids(e)),
  },
  'POST /:resource_type/:resource_id/relationships/related_items request #0': {
    call: (c, e) => c.relatedItems.create('configurations', 1, attrs(e) as never),
  },
  'POST /:resource_type/:resource_id/relationships/related_items request #1': {
    notBuilt: 'several related items in one POST: the client links one record per call',
  },
  'PATCH /:resource_type/:resource_id/relationships/related_items/:id request #0': {
    call: (c) => c.relatedItems.update('configurations', 1, 2, 'new notes'),
  },
  'DELETE /:resource_type/:resource_id/relationships/related_items request #0': {
    call: (c, e) => c.relatedItems.bulkDelete('configurations', 1, ids(e)),
  },
  'GET /logs response #0': {
    call: (c) =>
      drain(
        c.logs.list({ since: new Date('2021-07-24T00:00:00Z'), until: new Date('2021-07-25T00:00:00Z') }),
      ),
  },
};

export const isNotBuilt = (entry: ContractEntry): entry is NotBuilt => 'notBuilt' in entry;
