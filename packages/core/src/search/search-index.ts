/**
 * The full-text index over the metadata cache. CacheEntries calls `put`/`remove…` inside its own
 * write transactions with the records as stored (secrets already stripped), so the index holds what
 * the cache holds and nothing else; `rebuild()` re-derives it from the cached values (`glueflow
 * cache refresh`, a file indexed by an older version). `search()` only reads the file: no IT Glue
 * request is ever made for a search.
 */
import { performance } from 'node:perf_hooks';
import { deserializeFromKeyv, GlueflowStorage, type SqlValue } from '../storage/glueflow-storage.js';
import { foldName } from '../cache/cache-lookups.js';
import { CACHED_TYPES, cachedType, type CachedRecord, type CachedType } from '../cache/cache-types.js';
import { searchDocumentOf } from './search-document.js';
import { checkQuery, queryErrorOf } from './search-query.js';
import { SEARCH_INDEX_VERSION, SEARCH_SCHEMA } from './search-schema.js';
import type { SearchHit, SearchQueryOptions, SearchResult } from './search-types.js';

export const DEFAULT_SEARCH_LIMIT = 20;
export const MAX_SEARCH_LIMIT = 200;
// bm25 weights of name, body and traits: a word in a record's name outranks the same word in its text.
const WEIGHTS = '10.0, 2.0, 1.0';
const SNIPPET_TOKENS = 16;
const OPEN = '\u0002';
const CLOSE = '\u0003';
const REBUILD_PAGE = 2000;

export interface RebuildReport {
  records: number;
  durationMs: number;
}

interface HitRow {
  type: CachedType;
  id: string;
  name: string;
  organization_id: string | null;
  organization_name: string | null;
  url: string | null;
  snippet: string | null;
  score: number;
}

export class SearchIndex {
  readonly storage: GlueflowStorage;

  constructor(storage: GlueflowStorage) {
    this.storage = storage;
  }

  /** Creates the tables; an index of another format version is rebuilt from the cache. */
  async init(): Promise<void> {
    await this.storage.ensureSchema('search', SEARCH_SCHEMA);
    const [row] = await this.storage.all<{ value: string }>(
      `SELECT value FROM search_meta WHERE name = 'version'`,
    );
    if (row?.value !== SEARCH_INDEX_VERSION) await this.rebuild();
  }

  /** Indexes records as the cache stored them (call inside the cache's write transaction). */
  async put(type: CachedType, records: readonly CachedRecord[]): Promise<void> {
    if (records.length === 0) return;
    const rows = records.map((record) => {
      const doc = searchDocumentOf(type, record);
      const orgId = type === 'organizations' ? doc.id : doc.organizationId;
      const orgName = type === 'organizations' ? doc.name : doc.organizationName;
      return [
        doc.id,
        doc.name,
        doc.body,
        doc.traits,
        orgId,
        orgName === null ? null : foldName(orgName),
        orgName,
        doc.url,
      ];
    });
    await this.storage.all(
      `INSERT INTO search_docs (type, id, name, body, traits, organization_id, organization_folded, organization_name, url)
       SELECT ?1, j.value ->> 0, j.value ->> 1, j.value ->> 2, j.value ->> 3, j.value ->> 4, j.value ->> 5,
              j.value ->> 6, j.value ->> 7
       FROM json_each(?2) AS j WHERE true
       ON CONFLICT (type, id) DO UPDATE SET name = excluded.name, body = excluded.body, traits = excluded.traits,
         organization_id = excluded.organization_id, organization_folded = excluded.organization_folded,
         organization_name = excluded.organization_name, url = excluded.url
       WHERE (name, body, traits, organization_id, organization_name, url)
         IS NOT (excluded.name, excluded.body, excluded.traits, excluded.organization_id,
                 excluded.organization_name, excluded.url)`,
      [type, JSON.stringify(rows)],
    );
  }

  async remove(type: CachedType, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.storage.all(
      `DELETE FROM search_docs WHERE type = ? AND id IN (SELECT value FROM json_each(?))`,
      [type, JSON.stringify(ids.map(String))],
    );
  }

  /** Drops the records `cache_index` rows matching `where` stand for (call before deleting those rows). */
  async removeIndexed(where: string, params: readonly SqlValue[]): Promise<void> {
    await this.storage.all(
      `DELETE FROM search_docs WHERE (type, id) IN (SELECT type, id FROM cache_index WHERE ${where})`,
      params,
    );
  }

  async removeType(type: CachedType): Promise<void> {
    await this.storage.all(`DELETE FROM search_docs WHERE type = ?`, [type]);
  }

  /** Re-derives the whole index from the cached values, in one transaction (searches meanwhile see the old one). */
  async rebuild(): Promise<RebuildReport> {
    const started = performance.now();
    const records = await this.storage.write(async () => {
      await this.storage.all(`DELETE FROM search_docs`);
      // Also empties the FTS5 structure itself, in case it drifted from search_docs.
      await this.storage.all(`INSERT INTO search_text (search_text) VALUES ('delete-all')`);
      let count = 0;
      for (const type of CACHED_TYPES) count += await this.#indexCached(type);
      await this.storage.all(`INSERT INTO search_text (search_text) VALUES ('optimize')`);
      await this.storage.all(
        `INSERT INTO search_meta (name, value) VALUES ('version', ?)
         ON CONFLICT (name) DO UPDATE SET value = excluded.value`,
        [SEARCH_INDEX_VERSION],
      );
      return count;
    });
    return { records, durationMs: Math.round(performance.now() - started) };
  }

  /** Records ranked by bm25 (names over text over traits), with a snippet and the IT Glue URL of each. */
  async search(query: string, options: SearchQueryOptions = {}): Promise<SearchResult> {
    const text = checkQuery(query);
    const limit = Math.max(1, Math.min(Math.trunc(options.limit ?? DEFAULT_SEARCH_LIMIT), MAX_SEARCH_LIMIT));
    const type = options.type === undefined ? null : cachedType(options.type);
    const org = options.organization?.trim() || null;
    let rows: HitRow[];
    try {
      rows = await this.storage.all<HitRow>(
        `SELECT d.type, d.id, d.name, d.organization_id, d.organization_name, d.url,
                snippet(search_text, -1, char(2), char(3), '…', ${SNIPPET_TOKENS}) AS snippet,
                -bm25(search_text, ${WEIGHTS}) AS score
         FROM search_text JOIN search_docs AS d ON d.doc = search_text.rowid
         WHERE search_text MATCH ?1
           AND (?2 IS NULL OR d.type = ?2)
           AND (?3 IS NULL OR d.organization_id = ?3 OR d.organization_folded = ?4)
         ORDER BY score DESC, d.type, d.id
         LIMIT ?5`,
        [text, type, org, org === null ? null : foldName(org), limit + 1],
      );
    } catch (error) {
      throw queryErrorOf(error, text) ?? error;
    }
    return { hits: rows.slice(0, limit).map(hitOf), more: rows.length > limit };
  }

  /** How many records are indexed. */
  async size(): Promise<number> {
    const [row] = await this.storage.all<{ n: number }>(`SELECT count(*) AS n FROM search_docs`);
    return row?.n ?? 0;
  }

  async #indexCached(type: CachedType): Promise<number> {
    const prefix = `cache-${type}:`;
    const end = `cache-${type};`;
    let after = prefix;
    let count = 0;
    for (;;) {
      const rows = await this.storage.all<{ key: string; value: string }>(
        `SELECT key, value FROM ${GlueflowStorage.kvTable} WHERE key > ? AND key < ? ORDER BY key LIMIT ?`,
        [after, end, REBUILD_PAGE],
      );
      if (rows.length === 0) return count;
      const records = rows.map((row) => deserializeFromKeyv<{ record: CachedRecord }>(row.value).record);
      await this.put(type, records);
      count += records.length;
      after = rows.at(-1)!.key;
    }
  }
}

function hitOf(row: HitRow): SearchHit {
  const { snippet, highlights } = marked(row.snippet ?? '');
  return {
    type: row.type,
    id: row.id,
    name: row.name,
    ...(row.type !== 'organizations' && row.organization_id !== null
      ? { organizationId: row.organization_id }
      : {}),
    ...(row.type !== 'organizations' && row.organization_name !== null
      ? { organizationName: row.organization_name }
      : {}),
    snippet,
    highlights,
    url: row.url,
    score: Math.round(row.score * 1e6) / 1e6,
  };
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
