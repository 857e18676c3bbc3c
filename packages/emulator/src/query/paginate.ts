import { ruleViolation } from '../errors.js';
import { single, type RawQuery } from './params.js';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 1000;

export interface Page<T> {
  items: T[];
  meta: Record<string, unknown>;
  links: Record<string, string>;
}

/**
 * `page[number]` (1-based) and `page[size]` (default 50; above 1000 is capped at 1000).
 * `maxPages` models /logs, which answers only pages 1–5.
 */
export function paginate<T>(
  items: readonly T[],
  query: RawQuery,
  selfUrl: string,
  filters: Record<string, string>,
  maxPages?: number,
): Page<T> {
  const size = clamp(
    Number.parseInt(single(query, 'page[size]') ?? '', 10),
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
  );
  const number = clamp(Number.parseInt(single(query, 'page[number]') ?? '', 10), 1, Number.MAX_SAFE_INTEGER);
  if (maxPages !== undefined && number > maxPages) {
    throw ruleViolation(`page[number] cannot be greater than ${maxPages} on this resource`);
  }
  const realPages = Math.max(1, Math.ceil(items.length / size));
  const totalPages = maxPages === undefined ? realPages : Math.min(realPages, maxPages);
  const start = (number - 1) * size;
  const link = (page: number) => pageUrl(selfUrl, query, page, size);
  const links: Record<string, string> = { self: link(number), first: link(1), last: link(totalPages) };
  if (number < totalPages) links.next = link(number + 1);
  if (number > 1) links.prev = link(Math.min(number - 1, totalPages));
  return {
    items: items.slice(start, start + size),
    meta: {
      'current-page': number,
      'next-page': number < totalPages ? number + 1 : null,
      'prev-page': number > 1 ? Math.min(number - 1, totalPages) : null,
      'total-pages': totalPages,
      'total-count': items.length,
      filters,
    },
    links,
  };
}

function clamp(value: number, fallback: number, max: number): number {
  if (!Number.isFinite(value) || value < 1) return fallback;
  return Math.min(value, max);
}

function pageUrl(selfUrl: string, query: RawQuery, page: number, size: number): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (key === 'page[number]' || key === 'page[size]' || value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) params.append(key, item);
  }
  params.set('page[number]', String(page));
  params.set('page[size]', String(size));
  return `${selfUrl}?${params.toString()}`;
}
