import type { EmulatorContext } from '../context.js';
import type { StoredRecord } from '../store/store.js';
import type { FilterDef, ResourceDef } from '../resources/types.js';
import { ruleViolation } from '../errors.js';
import { parseDateRange } from './dates.js';
import { splitValues, type ParsedFilters } from './params.js';

type Predicate = (record: StoredRecord) => boolean;

/** Applies the filters a resource knows; unknown filter names are ignored like the real API. */
export function applyFilters(
  ctx: EmulatorContext,
  def: ResourceDef,
  records: readonly StoredRecord[],
  filters: ParsedFilters,
): readonly StoredRecord[] {
  if (def.requiredFilter && !filters.include.has(def.requiredFilter)) {
    throw ruleViolation(`filter[${def.requiredFilter}] is required for ${def.label.toLowerCase()}s`);
  }
  const predicates: Predicate[] = [];
  for (const [name, raw] of filters.include) {
    const filter = def.filters[name];
    if (!filter) continue;
    if (filter.requires && !filters.include.has(filter.requires)) {
      throw ruleViolation(`filter[${name}] requires filter[${filter.requires}]`);
    }
    predicates.push(predicateFor(ctx, name, filter, raw));
  }
  for (const [name, raw] of filters.exclude) {
    const filter = def.filters[name];
    if (!filter || filter.kind === 'date-range') continue;
    const matches = predicateFor(ctx, name, filter, raw);
    predicates.push((record) => !matches(record));
  }
  if (predicates.length === 0) return records;
  return records.filter((record) => predicates.every((predicate) => predicate(record)));
}

function predicateFor(ctx: EmulatorContext, name: string, filter: FilterDef, raw: string): Predicate {
  const attribute = filter.attribute ?? name.replace(/_/g, '-');
  const read = (record: StoredRecord): unknown =>
    attribute === 'id' ? record.id : record.attributes[attribute];
  switch (filter.kind) {
    case 'id': {
      const wanted = new Set(splitValues(raw).map(Number));
      return (record) => wanted.has(Number(read(record)));
    }
    case 'bool': {
      const wanted = raw.trim().toLowerCase() === 'true' || raw.trim() === '1';
      return (record) => Boolean(read(record)) === wanted;
    }
    case 'date-range': {
      const { start, end } = parseDateRange(raw, filter.weekRule === true, ctx.now());
      return (record) => {
        const value = read(record);
        const ms = typeof value === 'string' ? Date.parse(value) : NaN;
        return ms >= start && ms <= end;
      };
    }
    case 'custom': {
      const values = splitValues(raw);
      return (record) => filter.match?.(ctx, record, values) ?? true;
    }
    default: {
      const wanted = new Set(splitValues(raw).map((value) => value.toLowerCase()));
      return (record) => {
        const value = read(record);
        return value != null && wanted.has(String(value).toLowerCase());
      };
    }
  }
}
