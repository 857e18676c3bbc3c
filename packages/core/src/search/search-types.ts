/**
 * The full-text search's public shapes: what `runtime.search()`, `glueflow search --json` and the MCP
 * server hand out. A stable contract (docs/search.md): fields are only ever added.
 */
import type { CachedType, CachedTypeName } from '../cache/cache-types.js';

export const DEFAULT_SEARCH_LIMIT = 20;
export const MAX_SEARCH_LIMIT = 200;

export interface SearchQueryOptions {
  /** Only records of this cached type (`configurations`, or IT Glue's `flexible_assets` spelling). */
  type?: CachedTypeName;
  /** Only records of this organization, by id or by name (case-insensitive); the organization itself too. */
  organization?: string;
  /** At most this many hits (default 20, at most 200). */
  limit?: number;
}

/** One record found, best first. */
export interface SearchHit {
  type: CachedType;
  id: string;
  name: string;
  organizationId?: string;
  organizationName?: string;
  /** A short excerpt of the best-matching field, plain text (control characters removed). */
  snippet: string;
  /** Where the query's terms are in `snippet`: `[start, end)` pairs of UTF-16 offsets (JS string indices). */
  highlights: Array<[number, number]>;
  /** The record's page in IT Glue (its `resource-url`), or null when IT Glue sent none. */
  url: string | null;
  /** Relevance: -bm25 with names weighted over text fields over traits. Higher is better; compare within one result. */
  score: number;
}

export interface SearchResult {
  hits: SearchHit[];
  /**
   * How many records match in all (with the type and organization filters) — counted no further
   * than 10,000 for a broad query: then `totalCapped` is true and `total` is a lower bound.
   */
  total: number;
  /** True when more records match than `limit` allowed (`total > hits.length`). */
  more: boolean;
  /** True when more records match than were counted: `total` (10,000) is a lower bound. */
  totalCapped: boolean;
  /**
   * True when every match was ranked by bm25. A query matching more than RANK_ALL (5,000) records
   * is too broad to rank in time: its hits are then the best-ranked *name* matches (the newest name
   * matches when more than 1,000 names match), followed by the newest other matches, and `ranked` is
   * false — add a word, a phrase, --type or --org.
   */
  ranked: boolean;
}
