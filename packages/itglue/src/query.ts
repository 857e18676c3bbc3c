/**
 * List parameters → IT Glue's query string. Filter keys are written camelCase and sent snake_case
 * (flexible assets want kebab); commas inside a value are escaped (`Acme\, Inc`), since IT Glue
 * reads a bare comma as "one of several values"; date ranges become `start,end` with `*` for open ends.
 */
import { kebabCase, snakeCase } from './case.js';
import type { QueryParams } from './transport.js';

export type FilterScalar = string | number | boolean | Date;
export interface DateRange {
  start?: string | Date;
  end?: string | Date;
}
export type FilterValue = FilterScalar | ReadonlyArray<string | number> | DateRange | null | undefined;
export interface Filters {
  [name: string]: FilterValue | Record<string, FilterValue>;
}

export interface ListQuery {
  filter?: Filters;
  /** `name`, `-updatedAt`, or several. */
  sort?: string | readonly string[];
  include?: readonly string[];
  /** Extra raw parameters, sent as they are. */
  query?: QueryParams;
}

export function buildListQuery(params: ListQuery, keyStyle: 'snake' | 'kebab' = 'snake'): QueryParams {
  const convert = keyStyle === 'snake' ? snakeCase : kebabCase;
  const out: QueryParams = {};
  for (const [name, value] of Object.entries(params.filter ?? {})) {
    if (value === undefined || value === null) continue;
    if (isNested(value)) {
      for (const [sub, subValue] of Object.entries(value)) {
        const text = filterText(subValue);
        if (text !== undefined)
          out[`filter[${name === 'exclude' ? 'exclude' : convert(name)}][${convert(sub)}]`] = text;
      }
      continue;
    }
    const text = filterText(value);
    if (text !== undefined) out[`filter[${convert(name)}]`] = text;
  }
  if (params.sort !== undefined) {
    const sorts = typeof params.sort === 'string' ? [params.sort] : params.sort;
    out.sort = sorts
      .map((key) => (key.startsWith('-') ? `-${snakeCase(key.slice(1))}` : snakeCase(key)))
      .join(',');
  }
  if (params.include?.length) out.include = params.include.map(snakeCase).join(',');
  return { ...out, ...params.query };
}

function isNested(value: unknown): value is Record<string, FilterValue> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Date) &&
    !('start' in value) &&
    !('end' in value)
  );
}

function filterText(value: FilterValue): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (value instanceof Date) return isoSeconds(value);
  if (Array.isArray(value)) return value.map((item) => escapeComma(String(item))).join(',');
  if (typeof value === 'object') {
    const range = value as DateRange;
    const side = (v: string | Date | undefined) =>
      v === undefined ? '*' : v instanceof Date ? isoSeconds(v) : v;
    return `${side(range.start)},${side(range.end)}`;
  }
  return typeof value === 'string' ? escapeComma(value) : String(value);
}

function escapeComma(value: string): string {
  return value.replace(/(?<!\\),/g, '\\,');
}

/** RFC 3339 UTC without milliseconds, as IT Glue's date filters expect. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
