import type { EmulatorContext } from './context.js';
import type { JsonApiResource } from './types.js';
import type { StoredRecord } from './store/store.js';
import type { ResourceDef, View } from './resources/types.js';
import { RESOURCES, nameOf } from './resources/registry.js';
import { ATTACHABLE } from './resources/attachments.js';
import { planOf } from './resources/plan.js';

/**
 * A stored record as the API answers it: kebab attributes in field order, denormalised `*-name`
 * fields next to their ids, server timestamps and (for records with a web page) resource-url.
 * Secrets only when asked; admin-only fields (PSA kind and id) only in the admin dump.
 */
export function presentRecord(
  ctx: EmulatorContext,
  record: StoredRecord,
  view: View,
  showSecrets = false,
): JsonApiResource {
  const def = RESOURCES[record.type];
  const plan = planOf(def);
  const stored = record.attributes;
  const names: unknown[] = [];
  for (const { name, field } of plan.refs) {
    const value = stored[name];
    const target = typeof value === 'number' && field.ref ? ctx.store.get(field.ref, value) : undefined;
    names.push(target && field.ref ? nameOf(RESOURCES[field.ref], target.attributes, target.id) : null);
  }
  const build = view === 'dump' ? plan.presentForAdmin : showSecrets ? plan.presentWithSecrets : plan.present;
  const attributes = build(stored, names, def.resourceUrl ? resourceUrl(ctx, def, record) : '');
  def.present?.(ctx, record, attributes, view);
  return { id: String(record.id), type: def.jsonType, attributes };
}

function resourceUrl(ctx: EmulatorContext, def: ResourceDef, record: StoredRecord): string {
  if (def.type === 'organizations') return `${ctx.baseUrl}/${record.id}`;
  const org = record.attributes['organization-id'];
  return org == null
    ? `${ctx.baseUrl}/${def.type}/${record.id}`
    : `${ctx.baseUrl}/${String(org)}/${def.type}/${record.id}`;
}

/** The `include=` names a resource accepts. */
export function includableOf(def: ResourceDef): string[] {
  const names = Object.keys(def.includes ?? {});
  if (ATTACHABLE.includes(def.type)) names.push('attachments', 'related_items');
  return names;
}

function includedRecords(
  ctx: EmulatorContext,
  def: ResourceDef,
  record: StoredRecord,
  name: string,
): StoredRecord[] {
  const custom = def.includes?.[name];
  if (custom) return custom(ctx, record);
  if (name === 'attachments' || name === 'related_items')
    return ctx.store.owned(name, `${def.type}:${record.id}`);
  return [];
}

/** Side-loads `include=` relationships onto presented resources; unknown names are ignored. */
export function withIncludes(
  ctx: EmulatorContext,
  def: ResourceDef,
  records: readonly StoredRecord[],
  resources: JsonApiResource[],
  requested: string[],
): JsonApiResource[] {
  const names = requested
    .map((name) => name.replace(/-/g, '_'))
    .filter((name) => includableOf(def).includes(name));
  const included: JsonApiResource[] = [];
  const seen = new Set<string>();
  records.forEach((record, index) => {
    const resource = resources[index];
    if (!resource || names.length === 0) return;
    resource.relationships = {};
    for (const name of names) {
      const related = includedRecords(ctx, def, record, name);
      const shown = related.map((item) => presentRecord(ctx, item, 'show'));
      resource.relationships[name.replace(/_/g, '-')] = { data: shown.map(({ id, type }) => ({ id, type })) };
      for (const item of shown) {
        const key = `${item.type}:${item.id}`;
        if (!seen.has(key)) {
          seen.add(key);
          included.push(item);
        }
      }
    }
  });
  return included;
}
