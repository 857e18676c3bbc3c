/** Query parameters as fastify hands them over (bracket keys are not parsed: `filter[name]`). */
export type RawQuery = Record<string, string | string[] | undefined>;

export function single(query: RawQuery, key: string): string | undefined {
  const value = query[key];
  return Array.isArray(value) ? value[value.length - 1] : value;
}

/** Comma-separated values; `\,` is a literal comma (IT Glue's escaping). */
export function splitValues(raw: string): string[] {
  return raw
    .split(/(?<!\\),/)
    .map((value) => value.replace(/\\,/g, ',').trim())
    .filter((value) => value !== '');
}

export interface ParsedFilters {
  /** snake filter name → raw value */
  include: Map<string, string>;
  /** `filter[exclude][name]` */
  exclude: Map<string, string>;
}

export function parseFilters(query: RawQuery): ParsedFilters {
  const include = new Map<string, string>();
  const exclude = new Map<string, string>();
  for (const key of Object.keys(query)) {
    const match = /^filter\[([^\]]+)\](?:\[([^\]]+)\])?$/.exec(key);
    if (!match?.[1]) continue;
    const value = single(query, key) ?? '';
    const first = match[1].replace(/-/g, '_');
    if (first === 'exclude' && match[2]) exclude.set(match[2].replace(/-/g, '_'), value);
    else if (!match[2]) include.set(first, value);
  }
  return { include, exclude };
}
