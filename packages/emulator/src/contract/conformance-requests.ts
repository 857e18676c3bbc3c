/**
 * How each published request example is sent to the emulator (test support for requests.test.ts):
 * the body as published, with only its placeholder ids swapped for records that exist. Every other
 * change is written down in REQUEST_ADJUSTMENTS with the reason.
 */
import type { RunningEmulator, StateDump } from '../types.js';
import { client, type Client } from '../test-support.js';
import { contractExamples, exampleName, type ContractExample } from './examples.js';
import { FRESH, REFERENCES, SAMPLE_TYPES, UNIQUE_NAMES } from './conformance-fixtures.js';

export interface RequestWorld {
  api: Client;
  emulator: RunningEmulator;
  dump: StateDump;
  /** The flexible asset types the examples' traits need, by role. */
  types: { email: string; traits: string; nameField: string; upload: string };
}

export interface RequestPlan {
  path: string;
  body: unknown;
}

type Attributes = Record<string, unknown>;
type Element = { type?: unknown; attributes?: Attributes; relationships?: unknown };

/** What IT Glue's docs number a resource's parent with, and the parent's JSON:API type. */
const PARENTS: Readonly<Record<string, string>> = {
  organization_id: 'organizations',
  configuration_id: 'configurations',
  flexible_asset_type_id: 'flexible-asset-types',
  manufacturer_id: 'manufacturers',
  resource_id: 'configurations',
};

/**
 * Changes beyond swapping placeholder ids, per example, each with its reason. A test checks that
 * every entry names a published example.
 */
export const REQUEST_ADJUSTMENTS: Readonly<Record<string, { why: string; adjust: Adjust }>> = {
  'POST /organizations/:organization_id/relationships/flexible_assets request #0': {
    why: 'type 33 is the docs\' "Email" type: sent to a copy of it (made from the POST /flexible_asset_types example); the Tag ids name an existing configuration',
    adjust: (plan, world) => withAssets(plan, (attributes) => emailAsset(attributes, world, 1)),
  },
  'PATCH /flexible_assets/:id request #0': {
    why: 'the asset patched is one of the "Email" copy (traits are checked against their type); the Tag ids name existing configurations',
    adjust: async (plan, world) => {
      const [id] = await world.emulator.admin.insert('flexible_assets', [emailTarget(world)]);
      return withAssets({ ...plan, path: `/flexible_assets/${String(id)}` }, (a) => emailAsset(a, world, 2));
    },
  },
  'POST /organizations/:organization_id/relationships/flexible_assets request #1': {
    why: 'type 23 stands for a type with fields trait1 and trait2: sent to such a type',
    adjust: (plan, world) =>
      withAssets(plan, (attributes) => ({
        ...attributes,
        'flexible-asset-type-id': Number(world.types.traits),
      })),
  },
  'POST /organizations/:organization_id/relationships/flexible_assets request #2': {
    why: 'published as a fragment ({"traits": {...}}): wrapped into data.attributes of an asset whose type has an Upload field "file"',
    adjust: (plan, world) => ({
      ...plan,
      body: {
        data: {
          type: 'flexible-assets',
          attributes: { 'flexible-asset-type-id': Number(world.types.upload), ...(plan.body as Attributes) },
        },
      },
    }),
  },
};

type Adjust = (plan: RequestPlan, world: RequestWorld) => RequestPlan | Promise<RequestPlan>;

export const requestExamples = (): ContractExample[] =>
  contractExamples().filter((example) => example.kind === 'request' && example.method !== 'GET');

/** The JSON:API type a request example writes (its route's resource). */
export function routeType(example: ContractExample): string {
  const segments = example.path.split('/').filter((segment) => segment && !segment.startsWith(':'));
  return (segments[segments.length - 1] ?? '').replace(/_/g, '-');
}

export async function requestWorld(emulator: RunningEmulator): Promise<RequestWorld> {
  const api = client(emulator);
  await emulator.admin.seed({ organizations: 2, perOrganization: 2, seed: 3 });
  const types = {
    email: await sampleType(api, SAMPLE_TYPES.email),
    traits: await sampleType(api, SAMPLE_TYPES.traits),
    nameField: await sampleType(api, SAMPLE_TYPES.nameField),
    upload: await sampleType(api, SAMPLE_TYPES.upload),
  };
  return { api, emulator, dump: await emulator.admin.dump(), types };
}

export async function planRequest(world: RequestWorld, example: ContractExample): Promise<RequestPlan> {
  const type = routeType(example);
  const parents = new Map<string, string>();
  const parentOf = async (name: string): Promise<string> => {
    const known = parents.get(name);
    if (known) return known;
    const parentType = PARENTS[name];
    if (!parentType) throw new Error(`no parent type for :${name}`);
    const id = await fresh(world, parentType);
    parents.set(name, id);
    return id;
  };
  let path = example.path;
  for (const [, name = ''] of example.path.matchAll(/:([a-z_]+)/g)) {
    if (name === 'id' || name === 'resource_type') continue;
    path = path.replace(`:${name}`, await parentOf(name));
  }
  path = path.replace(':resource_type', 'configurations');
  const parent = [...parents.entries()][0];
  const owner = parent ? { key: parent[0].replace(/_/g, '-'), id: parent[1] } : undefined;
  if (path.includes(':id')) path = path.replace(':id', await fresh(world, type, owner));

  const body = structuredClone(example.json) as { data?: Element | Element[] };
  const elements = Array.isArray(body.data) ? body.data : body.data ? [body.data] : [];
  const template =
    elements.find((element) => Object.keys(element.attributes ?? {}).length > 0)?.attributes ??
    sibling(example);
  for (const element of elements) {
    // The docs print "{...}" for "more of the same": such an element gets its sibling's attributes,
    // and in a bulk update or delete the id every element of one needs.
    if (element.attributes && Object.keys(element.attributes).length === 0) {
      element.attributes = structuredClone(template);
      if (example.method !== 'POST' && !/\/:id$/.test(example.path)) element.attributes.id ??= 0;
    }
    const attributes = element.attributes ?? {};
    if ('id' in attributes) {
      // A bulk body names records to change: fresh ones (a lone id on a record's route is that record).
      const pathId = /\/(\d+)$/.exec(path)?.[1];
      const id = elements.length === 1 && pathId ? pathId : await fresh(world, type, owner);
      attributes.id = asPublished(attributes.id, id);
    }
    for (const [key, value] of Object.entries(attributes)) {
      const kebab = key.replace(/_/g, '-');
      if (kebab === owner?.key && owner) attributes[key] = asPublished(value, owner.id);
      else if (REFERENCES[kebab] && (typeof value === 'number' || /^\d+$/.test(String(value)))) {
        attributes[key] = asPublished(value, first(world, REFERENCES[kebab] ?? ''));
      }
    }
    await freeName(world, type, attributes);
  }
  const plan = { path, body };
  const adjustment = REQUEST_ADJUSTMENTS[exampleName(example)];
  return adjustment ? adjustment.adjust(plan, world) : plan;
}

/** An id in the JSON type the docs wrote the placeholder in (`"id": "456"` stays a string). */
function asPublished(placeholder: unknown, id: string): string | number {
  return typeof placeholder === 'string' ? id : Number(id);
}

/** A new record of a type (a target to update or delete, or a parent), made through the admin API. */
async function fresh(
  world: RequestWorld,
  type: string,
  owner?: { key: string; id: string },
): Promise<string> {
  const make = FRESH[type];
  if (!make) throw new Error(`no fresh ${type} recipe`);
  const route = type.replace(/-/g, '_');
  const [id] = await world.emulator.admin.insert(route, [make(world, owner)]);
  if (!id) throw new Error(`could not insert ${type}`);
  return id;
}

function first(world: RequestWorld, type: string): string {
  const record = world.dump[type]?.[0];
  if (!record) throw new Error(`the request world has no ${type}`);
  return record.id;
}

/** Lookup names are unique: a name the example creates that the account already has is renamed first. */
async function freeName(world: RequestWorld, type: string, attributes: Attributes): Promise<void> {
  const name = attributes.name;
  if (typeof name !== 'string' || !UNIQUE_NAMES.has(type)) return;
  const answer = await world.api.get(`/${type.replace(/-/g, '_')}?filter[name]=${encodeURIComponent(name)}`);
  for (const taken of (answer.body?.data ?? []) as { id: string }[]) {
    await world.emulator.admin.mutate(type, taken.id, { name: `${name} (renamed ${taken.id})` });
  }
}

/** The first example of the same route whose body has attributes (for "{...}" elements). */
function sibling(example: ContractExample): Attributes {
  for (const other of requestExamples()) {
    if (other.path !== example.path || other === example) continue;
    const data = (other.json as { data?: Element | Element[] }).data;
    const element = Array.isArray(data) ? data[0] : data;
    if (element?.attributes && Object.keys(element.attributes).length > 0)
      return structuredClone(element.attributes);
  }
  return {};
}

async function sampleType(api: Client, body: unknown): Promise<string> {
  const answer = await api.post('/flexible_asset_types', body);
  if (answer.status !== 201) throw new Error(`sample flexible asset type: ${answer.status} ${answer.text}`);
  return String(answer.body.data.id);
}

function withAssets(plan: RequestPlan, change: (attributes: Attributes) => Attributes): RequestPlan {
  const body = plan.body as { data: Element | Element[] };
  const list = Array.isArray(body.data) ? body.data : [body.data];
  for (const element of list) element.attributes = change(element.attributes ?? {});
  return plan;
}

function emailAsset(attributes: Attributes, world: RequestWorld, servers: number): Attributes {
  const configurations = (world.dump.configurations ?? [])
    .slice(0, servers)
    .map((record) => Number(record.id));
  const traits = {
    ...(attributes.traits as Attributes),
    'email-servers': servers === 1 ? configurations[0] : configurations,
  };
  return { ...attributes, 'flexible-asset-type-id': Number(world.types.email), traits };
}

function emailTarget(world: RequestWorld): Attributes {
  return {
    'organization-id': Number(first(world, 'organizations')),
    'flexible-asset-type-id': Number(world.types.email),
    traits: { domains: 1, type: 'Office 365' },
  };
}
