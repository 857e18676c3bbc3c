/**
 * The read side of the full-text index: a user's query scoped to the text columns and combined with
 * the facet tokens of --type/--org, ranked by bm25, then only the hits of the page are read back with
 * their snippets. Ranking costs ~1 µs per matching record (bm25 reads each one's column sizes), so a
 * query matching more than RANK_ALL records (a word in a third of the cache) ranks its name matches
 * only (when there are at most RANK_NAMES of them, else takes the newest) and fills up with the
 * newest others, and counts its `total` no further than TOTAL_CAP — bounded time whatever the query
 * (bench/search.mjs).
 */
import { foldName } from '../cache/cache-lookups.js';
import { cachedType, type CachedType } from '../cache/cache-types.js';
import type { GlueflowStorage } from '../storage/glueflow-storage.js';
import { checkQuery, queryErrorOf } from './search-query.js';
import { organizationFacet, typeFacet } from './search-schema.js';
import { DEFAULT_SEARCH_LIMIT, MAX_SEARCH_LIMIT } from './search-types.js';
import type { SearchHit, SearchQueryOptions, SearchResult } from './search-types.js';

export const RANK_ALL = 5000;
/** A broad query ranks its name matches when there are at most this many (else: the newest of them). */
export const RANK_NAMES = 1000;
/** A broad query's `total` is counted no further than this (`totalCapped` says so). */
export const TOTAL_CAP = 10_000;
// bm25 weights of name, body, traits, sections and facets (FTS5's `rank MATCH` form): a word in a
// record's name outranks the same word in its text.
const BM25 = 'bm25(10.0, 2.0, 1.0, 1.0, 0.0)';
const SNIPPET_TOKENS = 16;
const snippet = (column: number) =>
  `snippet(search_text, ${column}, char(2), char(3), '…', ${SNIPPET_TOKENS})`;
const HIT_COLUMNS = `d.type, d.id, d.name, d.organization_id, d.organization_name, d.url,
  ${snippet(0)} AS s_name, ${snippet(1)} AS s_body, ${snippet(2)} AS s_traits, ${snippet(3)} AS s_sections`;
const OPEN = '\u0002';
const CLOSE = '\u0003';
const MAX_ORGANIZATIONS = 50;

interface HitRow {
  type: CachedType;
  id: string;
  name: string;
  organization_id: string | null;
  organization_name: string | null;
  url: string | null;
  s_name: string | null;
  s_body: string | null;
  s_traits: string | null;
  s_sections: string | null;
  score: number;
}

export async function searchIndexed(
  storage: GlueflowStorage,
  query: string,
  options: SearchQueryOptions,
): Promise<SearchResult> {
  const text = checkQuery(query);
  const limit = Math.max(1, Math.min(Math.trunc(options.limit ?? DEFAULT_SEARCH_LIMIT), MAX_SEARCH_LIMIT));
  const facets: string[] = [];
  if (options.type !== undefined) facets.push(`facets : ${typeFacet(cachedType(options.type))}`);
  if (options.organization !== undefined && options.organization.trim() !== '') {
    const ids = await organizationIds(storage, options.organization.trim());
    if (ids.length === 0) return { hits: [], total: 0, more: false, ranked: true, totalCapped: false };
    facets.push(`facets : (${ids.map(organizationFacet).join(' OR ')})`);
  }
  // The user's words match name, body, traits and sections only (never the facet tokens); the
  // brackets are balanced (checkQuery), so the query stays one sub-expression of ours.
  const match = [`{name body traits sections} : (${text})`, ...facets].join(' AND ');
  const nameMatch = [`name : (${text})`, ...facets].join(' AND ');
  try {
    // A prefix query is ranked by FTS5 itself: reading its page back row by row would expand the
    // prefix once per row. Any other is ranked in one pass that also counts (rankedIfNarrow); a
    // phrase goes there at once, a cheaper query is counted first (up to RANK_ALL + 1 only).
    const prefix = text.includes('*');
    const capped = !prefix && phraseLike(text) ? undefined : await countUpTo(storage, match, RANK_ALL + 1);
    if (capped === undefined || capped <= RANK_ALL) {
      const narrow = prefix
        ? await rankedPage(storage, match, limit, capped ?? 0)
        : await rankedIfNarrow(storage, unscoped(text, facets) ?? match, limit);
      if (narrow) return narrow;
    }
    // Broad: the best-ranked name matches (the newest ones when those are many too), then the newest
    // other matches; `total` is counted no further than TOTAL_CAP.
    const names = await countUpTo(storage, nameMatch, RANK_NAMES + 1);
    const hits = await page(storage, nameMatch, names <= RANK_NAMES ? 'rank' : 'newest', limit);
    if (hits.length < limit) {
      const seen = new Set(hits.map((hit) => `${hit.type}/${hit.id}`));
      const others = await page(storage, match, 'newest', limit + hits.length);
      hits.push(...others.filter((hit) => !seen.has(`${hit.type}/${hit.id}`)).slice(0, limit - hits.length));
    }
    const counted = await countUpTo(storage, match, TOTAL_CAP + 1);
    const total = Math.min(counted, TOTAL_CAP);
    return { hits, total, more: counted > hits.length, ranked: false, totalCapped: counted > TOTAL_CAP };
  } catch (error) {
    throw (await queryProblem(storage, error, text)) ?? error;
  }
}

/** The organizations a --org value names: by id, or by name (case-insensitive) of the cached records. */
async function organizationIds(storage: GlueflowStorage, value: string): Promise<string[]> {
  const rows = await storage.all<{ id: string }>(
    `SELECT id FROM search_docs WHERE type = 'organizations' AND id = ?1
     UNION SELECT organization_id FROM search_docs WHERE organization_folded = ?2 AND organization_id IS NOT NULL
     LIMIT ${MAX_ORGANIZATIONS}`,
    [value, foldName(value)],
  );
  if (rows.length > 0) return rows.map((row) => row.id);
  // An organization not cached itself may still own cached records: an id is taken as it is.
  return /^\d+$/.test(value) ? [value] : [];
}

/** How many records match, counting no further than `cap` (a broad query stops early). */
async function countUpTo(storage: GlueflowStorage, match: string, cap: number): Promise<number> {
  const [row] = await storage.all<{ n: number }>(
    `SELECT count(*) AS n FROM (SELECT rowid FROM search_text WHERE search_text MATCH ? LIMIT ${cap})`,
    [match],
  );
  return row?.n ?? 0;
}

/**
 * A phrase (or NEAR) query is costly to match — every position of both words is compared — and
 * bm25 already matches it once more to weigh it, so a separate count would be a third pass.
 */
/**
 * The query without the column scope, when that cannot change what it matches: the facets column
 * holds only `xtype…`/`xorg…` tokens, so a query with no such word (and no prefix) cannot match it.
 * Checking each match's column costs a phrase query about a fifth of its time (bench/search.mjs).
 */
function unscoped(text: string, facets: readonly string[]): string | undefined {
  // Folded as the tokenizer folds (diacritics, width, case), so "xÖrg5" counts as a facet word too.
  const folded = text.normalize('NFKD').replace(/\p{M}/gu, '');
  if (folded.includes('*') || /x(type|org)/i.test(folded)) return undefined;
  return [`(${text})`, ...facets].join(' AND ');
}

function phraseLike(text: string): boolean {
  return text.includes('"') || /\bNEAR\s*\(/.test(text);
}

async function rankedPage(storage: GlueflowStorage, match: string, limit: number, total: number) {
  const hits = await page(storage, match, 'rank', limit);
  return { hits, total, more: total > hits.length, ranked: true, totalCapped: false };
}

/**
 * The ranked result when at most RANK_ALL records match; `false` when more do (a broad query). One
 * pass ranks and counts (the inner query walks the matches in rowid order, SQLite sorts them: about
 * half what FTS5's own `ORDER BY rank` costs, as that reads each row back once more); then the
 * snippets are read for the page's rows alone (bench/search.mjs).
 */
async function rankedIfNarrow(
  storage: GlueflowStorage,
  match: string,
  limit: number,
): Promise<SearchResult | false> {
  const rows = await storage.all<{ doc: number; score: number; total: number }>(
    `SELECT doc, score, total FROM (
       SELECT rowid AS doc, -rank AS score, count(*) OVER () AS total
       FROM (SELECT rowid, rank FROM search_text WHERE search_text MATCH ?1 AND rank MATCH '${BM25}' LIMIT ${RANK_ALL + 1}))
     ORDER BY score DESC, doc DESC LIMIT ?2`,
    [match, limit],
  );
  const total = rows[0]?.total ?? 0;
  if (total > RANK_ALL) return false;
  const snippets = await storage.all<HitRow & { doc: number }>(
    `SELECT d.doc, ${HIT_COLUMNS}, 0 AS score
     FROM search_text JOIN search_docs AS d ON d.doc = search_text.rowid
     WHERE search_text MATCH ?1 AND search_text.rowid IN (SELECT value FROM json_each(?2))`,
    [match, JSON.stringify(rows.map((row) => row.doc))],
  );
  const byDoc = new Map(snippets.map((row) => [row.doc, row]));
  const hits = rows.flatMap(({ doc, score }) => {
    const row = byDoc.get(doc);
    return row ? [hitOf({ ...row, score })] : [];
  });
  return { hits, total, more: total > hits.length, ranked: true, totalCapped: false };
}

/**
 * One page of hits with their snippets, best first (`rank`) or newest first. Both orders are FTS5's
 * own (ORDER BY rank / rowid), so SQLite sorts nothing and computes snippets for the page's rows only.
 */
async function page(
  storage: GlueflowStorage,
  match: string,
  order: 'rank' | 'newest',
  limit: number,
): Promise<SearchHit[]> {
  const rows = await storage.all<HitRow>(
    `SELECT ${HIT_COLUMNS}, ${order === 'rank' ? '-rank' : '0'} AS score
     FROM search_text JOIN search_docs AS d ON d.doc = search_text.rowid
     WHERE search_text MATCH ?1 ${order === 'rank' ? `AND rank MATCH '${BM25}'` : ''}
     ORDER BY ${order === 'rank' ? 'rank' : 'search_text.rowid DESC'}
     LIMIT ?2`,
    [match, limit],
  );
  return rows.map(hitOf);
}

function hitOf(row: HitRow): SearchHit {
  const { snippet, highlights } = bestSnippet(row);
  const own = row.type !== 'organizations';
  return {
    type: row.type,
    id: row.id,
    name: row.name,
    ...(own && row.organization_id !== null ? { organizationId: row.organization_id } : {}),
    ...(own && row.organization_name !== null ? { organizationName: row.organization_name } : {}),
    snippet,
    highlights,
    url: row.url,
    score: Math.round(row.score * 1e6) / 1e6,
  };
}

/** The column excerpt with the most matched terms; text fields, traits, sections, then the name on a tie. */
function bestSnippet(row: HitRow): { snippet: string; highlights: Array<[number, number]> } {
  const candidates = [row.s_body, row.s_traits, row.s_sections, row.s_name].map((raw) => marked(raw ?? ''));
  let best = candidates[0]!;
  for (const candidate of candidates)
    if (candidate.highlights.length > best.highlights.length) best = candidate;
  if (best.highlights.length === 0 && best.snippet === '') return marked(row.s_name ?? '');
  return best;
}

/** FTS5's marked snippet as plain text and the marked ranges (the markers are controls no indexed text has). */
function marked(raw: string): { snippet: string; highlights: Array<[number, number]> } {
  let snippet = '';
  const highlights: Array<[number, number]> = [];
  let open = -1;
  for (const char of raw) {
    if (char === OPEN) open = snippet.length;
    else if (char === CLOSE) {
      if (open >= 0 && snippet.length > open) highlights.push([open, snippet.length]);
      open = -1;
    } else snippet += char;
  }
  return { snippet, highlights };
}

/** ESEARCH_QUERY for the user's own query: FTS5 is asked about it alone, so the message is about what they typed. */
async function queryProblem(storage: GlueflowStorage, error: unknown, text: string) {
  if (queryErrorOf(error, text) === undefined) return undefined;
  try {
    await storage.all(`SELECT rowid FROM search_text WHERE search_text MATCH ? LIMIT 1`, [text]);
  } catch (own) {
    return queryErrorOf(own, text) ?? queryErrorOf(error, text);
  }
  return queryErrorOf(error, text);
}
