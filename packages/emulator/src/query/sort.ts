import type { EmulatorContext } from '../context.js';
import type { StoredRecord } from '../store/store.js';
import type { ResourceDef } from '../resources/types.js';
import { RESOURCES, nameOf } from '../resources/registry.js';
import { badRequest } from '../errors.js';

interface SortKey {
  key: string;
  descending: boolean;
}

/** `sort=name,-updated_at` (snake keys; kebab accepted). Keys the resource cannot sort by are a 400. */
export function parseSort(def: ResourceDef, raw: string | undefined): SortKey[] {
  if (!raw) return [];
  return raw
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const descending = part.startsWith('-');
      const key = part.replace(/^[-+]/, '').replace(/-/g, '_');
      if (!def.sorts.includes(key)) throw badRequest(`${key} is not a valid sort criteria for ${def.type}`);
      return { key, descending };
    });
}

export function applySort(
  ctx: EmulatorContext,
  def: ResourceDef,
  records: readonly StoredRecord[],
  keys: SortKey[],
): readonly StoredRecord[] {
  if (keys.length === 0) return records;
  const readers = keys.map(({ key }) => readerFor(ctx, def, key));
  // Decorate once so a 100,000-record sort does not recompute derived names per comparison.
  const decorated = records.map((record) => ({ record, values: readers.map((read) => read(record)) }));
  decorated.sort((a, b) => {
    for (let i = 0; i < keys.length; i++) {
      const order = compare(a.values[i], b.values[i]);
      if (order !== 0) return keys[i]?.descending ? -order : order;
    }
    return a.record.id - b.record.id;
  });
  return decorated.map(({ record }) => record);
}

type Reader = (record: StoredRecord) => string | number | null;

function readerFor(ctx: EmulatorContext, def: ResourceDef, key: string): Reader {
  if (key === 'id') return (record) => record.id;
  const attribute = key.replace(/_/g, '-');
  const derivedFrom = Object.entries(def.fields).find(([, field]) => field.nameField === attribute);
  if (derivedFrom) {
    const [idField, field] = derivedFrom;
    return (record) => {
      const target = field.ref ? ctx.store.get(field.ref, Number(record.attributes[idField])) : undefined;
      return target && field.ref
        ? (nameOf(RESOURCES[field.ref], target.attributes, target.id)?.toLowerCase() ?? null)
        : null;
    };
  }
  return (record) => {
    const value = record.attributes[attribute];
    if (value == null) return null;
    return typeof value === 'number' ? value : String(value).toLowerCase();
  };
}

/** Nulls last, like the real API's SQL ordering. */
function compare(a: string | number | null | undefined, b: string | number | null | undefined): number {
  if (a == null) return b == null ? 0 : 1;
  if (b == null) return -1;
  return a < b ? -1 : a > b ? 1 : 0;
}
