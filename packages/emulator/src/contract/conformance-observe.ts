/**
 * What the emulator answers on the routes of one published GET example (test support): every
 * documented alias of the route, with the placeholders filled from the world's records.
 */
import type { JsonApiResource } from '../types.js';
import type { ContractExample } from './examples.js';
import { correctedBody } from './examples.js';
import type { ResourceObject } from './conformance-compare.js';
import { ATTACHABLE_ROUTES, filled, type World } from './conformance-world.js';
import { INDEX_SCOPES } from './conformance-tables.js';

/** Show routes are asked for this many records (the richest ones), index routes for this many parents. */
const SHOW_SAMPLE = 6;
const PARENT_SAMPLE = 5;

export interface Documented {
  type: string;
  records: Record<string, unknown>[];
  /** Side-loaded records by type (the docs sometimes print `included` inside `data`). */
  included: Map<string, Record<string, unknown>[]>;
  /** `include=` names, from the example's relationships. */
  includes: string[];
}

export interface Observed {
  records: ResourceObject[];
  included: Map<string, ResourceObject[]>;
  /** Requests that did not answer 200. */
  failures: string[];
  requests: number;
}

type Body = { data?: unknown; included?: unknown };

export function documented(example: ContractExample): Documented {
  const body = correctedBody(example) as Body;
  const data = (Array.isArray(body.data) ? body.data : [body.data]) as (ResourceObject &
    Body & { relationships?: object })[];
  const included = new Map<string, Record<string, unknown>[]>();
  const side = [body.included, ...data.map((record) => record.included)].flatMap((list) =>
    Array.isArray(list) ? list : [],
  );
  for (const item of side as ResourceObject[]) {
    const type = String(item.type);
    included.set(type, [...(included.get(type) ?? []), item.attributes ?? {}]);
  }
  const includes = [...new Set(data.flatMap((record) => Object.keys(record.relationships ?? {})))].map(
    (name) => name.replace(/-/g, '_'),
  );
  return {
    type: String(data[0]?.type),
    records: data.map((record) => record.attributes ?? {}),
    included,
    includes,
  };
}

export async function observe(world: World, example: ContractExample, doc: Documented): Promise<Observed> {
  const out: Observed = { records: [], included: new Map(), failures: [], requests: 0 };
  const isShow = example.path.endsWith('/:id');
  const query = [
    ...(isShow ? [] : ['page[size]=1000']),
    ...(doc.includes.length > 0 ? [`include=${doc.includes.join(',')}`] : []),
  ];
  for (const alias of example.aliases) {
    for (const path of isShow ? showPaths(world, doc.type, alias) : indexPaths(world, doc.type, alias)) {
      const url = `${path}${path.includes('?') ? '&' : '?'}${query.join('&')}`;
      const answer = await world.api.get(url);
      out.requests++;
      if (answer.status !== 200) {
        out.failures.push(`GET ${url} → ${answer.status}`);
        continue;
      }
      const body = answer.body as { data: ResourceObject | ResourceObject[]; included?: ResourceObject[] };
      out.records.push(...(Array.isArray(body.data) ? body.data : [body.data]));
      for (const item of body.included ?? []) {
        const type = String(item.type);
        out.included.set(type, [...(out.included.get(type) ?? []), item]);
      }
    }
  }
  return out;
}

/** `:organization_id` → the record's `organization-id`. */
const placeholderKey = (name: string) => name.replace(/_/g, '-');

function showPaths(world: World, type: string, alias: string): string[] {
  const candidates = [...(world.dump[type] ?? [])]
    .sort((a, b) => richness(world, b) - richness(world, a) || Number(a.id) - Number(b.id))
    .slice(0, SHOW_SAMPLE);
  return candidates.flatMap((record) => {
    const path = fill(alias, (name) => (name === 'id' ? record.id : record.attributes[placeholderKey(name)]));
    return path ? [path] : [];
  });
}

function indexPaths(world: World, type: string, alias: string): string[] {
  const records = world.dump[type] ?? [];
  const names = [...alias.matchAll(/:([a-z_]+)/g)].map((match) => match[1] ?? '');
  const scope = INDEX_SCOPES[alias];
  const key = names[0] ? placeholderKey(names[0]) : scope?.attribute;
  if (!key) return [alias];
  const counts = new Map<string, number>();
  for (const record of records) {
    const value = record.attributes[key];
    if (value != null) counts.set(String(value), (counts.get(String(value)) ?? 0) + 1);
  }
  const parents = [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, PARENT_SAMPLE)
    .map(([id]) => id);
  return parents.map((id) =>
    names[0] ? (fill(alias, () => id) ?? alias) : `${alias}?filter[${scope?.filter ?? ''}]=${id}`,
  );
}

function fill(alias: string, value: (name: string) => unknown): string | undefined {
  let missing = false;
  const path = alias.replace(/:([a-z_]+)/g, (_match, name: string) => {
    const found = value(name);
    if (found == null) missing = true;
    return encodeURIComponent(String(found));
  });
  return missing ? undefined : path;
}

/** Filled attributes, and attachments first: show examples side-load them. */
function richness(world: World, record: JsonApiResource): number {
  const route = ATTACHABLE_ROUTES[record.type];
  const attachments = (world.dump.attachments ?? []).filter(
    (file) =>
      file.attributes['resource-type'] === route && String(file.attributes['resource-id']) === record.id,
  ).length;
  return filled(record) + 100 * attachments;
}
