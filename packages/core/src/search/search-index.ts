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
import { CACHED_TYPES, type CachedRecord, type CachedType } from '../cache/cache-types.js';
import { searchDocumentOf } from './search-document.js';
import { searchIndexed } from './search-reader.js';
import {
  dropOrphanSections,
  dropSectionsOf,
  putSections,
  removeSections,
  replaceSections,
  sectionsTextOf,
  type SectionRecord,
} from './search-sections.js';
import {
  organizationFacet,
  SEARCH_DROP,
  SEARCH_INDEX_VERSION,
  SEARCH_META,
  SEARCH_SCHEMA,
  typeFacet,
} from './search-schema.js';
import type { SearchQueryOptions, SearchResult } from './search-types.js';

export { DEFAULT_SEARCH_LIMIT, MAX_SEARCH_LIMIT } from './search-types.js';
const REBUILD_PAGE = 2000;

export interface RebuildReport {
  records: number;
  durationMs: number;
}

/** A type's cached records, for `rebuild()` when they are not in the index's own file (a cache on Redis). */
export type CachedRecordsOf = (type: CachedType) => AsyncIterable<CachedRecord>;

export class SearchIndex {
  readonly storage: GlueflowStorage;
  readonly #cached: CachedRecordsOf | undefined;

  constructor(storage: GlueflowStorage, cached?: CachedRecordsOf) {
    this.storage = storage;
    this.#cached = cached;
  }

  /** Creates the tables; an index of another format version is rebuilt from the cache. */
  async init(): Promise<void> {
    // The version is read before the tables are touched: an older layout is dropped, not patched.
    await this.storage.ensureSchema('search-meta', [SEARCH_META]);
    const [row] = await this.storage.all<{ value: string }>(
      `SELECT value FROM search_meta WHERE name = 'version'`,
    );
    if (row?.value === SEARCH_INDEX_VERSION) {
      await this.storage.ensureSchema('search', SEARCH_SCHEMA);
      return;
    }
    await this.storage.write(async () => {
      for (const statement of [...SEARCH_DROP, ...SEARCH_SCHEMA]) await this.storage.all(statement);
      await this.rebuild();
    });
  }

  /** Indexes records as the cache stored them (call inside the cache's write transaction). */
  async put(type: CachedType, records: readonly CachedRecord[]): Promise<void> {
    if (records.length === 0) return;
    const rows = records.map((record) => {
      const doc = searchDocumentOf(type, record);
      const orgId = type === 'organizations' ? doc.id : doc.organizationId;
      const orgName = type === 'organizations' ? doc.name : doc.organizationName;
      const facets = [typeFacet(type), ...(orgId === null ? [] : [organizationFacet(orgId)])].join(' ');
      const folded = orgName === null ? null : foldName(orgName);
      return [doc.id, doc.name, doc.body, doc.traits, facets, orgId, folded, orgName, doc.url];
    });
    // A document's section text is not in its cached value: it comes from search_sections, kept
    // as it is when the document itself is written again (search-sections.ts).
    const sections = type === 'documents' ? sectionsTextOf('j.value ->> 0') : `''`;
    await this.storage.all(
      `INSERT INTO search_docs
         (type, id, name, body, traits, sections, facets, organization_id, organization_folded, organization_name, url)
       SELECT ?1, j.value ->> 0, j.value ->> 1, j.value ->> 2, j.value ->> 3, ${sections}, j.value ->> 4, j.value ->> 5,
              j.value ->> 6, j.value ->> 7, j.value ->> 8
       FROM json_each(?2) AS j WHERE true
       ON CONFLICT (type, id) DO UPDATE SET name = excluded.name, body = excluded.body, traits = excluded.traits,
         facets = excluded.facets, organization_id = excluded.organization_id, organization_folded = excluded.organization_folded,
         organization_name = excluded.organization_name, url = excluded.url
       WHERE (name, body, traits, facets, organization_id, organization_name, url)
         IS NOT (excluded.name, excluded.body, excluded.traits, excluded.facets, excluded.organization_id,
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
    if (type === 'documents') await dropSectionsOf(this.storage, ids);
  }

  /** Drops the records `cache_index` rows matching `where` stand for (call before deleting those rows). */
  async removeIndexed(where: string, params: readonly SqlValue[]): Promise<void> {
    await this.storage.all(
      `DELETE FROM search_sections WHERE document_id IN
         (SELECT id FROM cache_index WHERE (${where}) AND type = 'documents')`,
      params,
    );
    await this.storage.all(
      `DELETE FROM search_docs WHERE (type, id) IN (SELECT type, id FROM cache_index WHERE ${where})`,
      params,
    );
  }

  async removeType(type: CachedType): Promise<void> {
    await this.storage.all(`DELETE FROM search_docs WHERE type = ?`, [type]);
    if (type === 'documents') await this.storage.all(`DELETE FROM search_sections`);
  }

  /**
   * Indexes the text of sections as the client wrote or read them (never cached: see
   * search-sections.ts); a section of a document the index does not hold is skipped. Returns how many
   * were stored.
   */
  async putSections(sections: readonly SectionRecord[]): Promise<number> {
    return this.storage.write(() => putSections(this.storage, sections));
  }

  /** A document's sections as IT Glue lists them now; sections it no longer lists lose their text. */
  async replaceSections(documentId: string, sections: readonly SectionRecord[]): Promise<number> {
    return this.storage.write(() => replaceSections(this.storage, String(documentId), sections));
  }

  /** Sections deleted through the client, by their own ids. */
  async removeSections(sectionIds: readonly string[]): Promise<void> {
    await this.storage.write(() => removeSections(this.storage, sectionIds));
  }

  /** How many document sections have text in the index. */
  async sectionCount(): Promise<number> {
    const [row] = await this.storage.all<{ n: number }>(`SELECT count(*) AS n FROM search_sections`);
    return row?.n ?? 0;
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
      // Section text cannot be re-derived from the cache: kept for the documents still cached.
      await dropOrphanSections(this.storage);
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
    return searchIndexed(this.storage, query, options);
  }

  /** How many records are indexed. */
  async size(): Promise<number> {
    const [row] = await this.storage.all<{ n: number }>(`SELECT count(*) AS n FROM search_docs`);
    return row?.n ?? 0;
  }

  async #indexCached(type: CachedType): Promise<number> {
    if (this.#cached) return this.#indexFrom(this.#cached(type), type);
    // The cache's keyv rows (cache-entries.ts namespaceOf: `cache-<type>:<id>`), in key order.
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

  async #indexFrom(records: AsyncIterable<CachedRecord>, type: CachedType): Promise<number> {
    let batch: CachedRecord[] = [];
    let count = 0;
    for await (const record of records) {
      batch.push(record);
      if (batch.length < REBUILD_PAGE) continue;
      await this.put(type, batch);
      count += batch.length;
      batch = [];
    }
    await this.put(type, batch);
    return count + batch.length;
  }
}
