/**
 * The full-text index lives in the cache's own SQLite file, next to `cache_index`, and not in a
 * sibling `<instance>.search.sqlite`: a record and its index row are written in the same
 * transaction as the cached value (cache-entries.ts), so the index can never hold a record the
 * cache dropped or miss one it took, and it needs no second file policy (0600, WAL, busy retries,
 * ECACHE_* errors, `glueflow cache clear` on a corrupt file) — it is exactly as private as the cache.
 *
 * `search_docs` holds the text once; `search_text` is an external-content FTS5 index over it
 * (snippets are read back from `search_docs`), kept in step by triggers like `cache_names`. The
 * `facets` column holds one token per type and organization (`xtypeconfigurations xorg42`), so the
 * --type/--org filters are answered by the index itself instead of a row-by-row check; user words
 * are only matched against name, body, traits and sections (search-reader.ts).
 *
 * `search_sections` holds the text of document sections, which the cache never stores (its values
 * drop `content` at every depth): it is fed only by section writes Glueflow itself makes and by
 * `refresh({ sections: true })`, and it cannot be re-derived from the cache — so an index of another
 * version is rebuilt around it, not dropped with it. A document's `sections` column in `search_docs`
 * is its sections' text joined in order (search-sections.ts).
 * Tokenizer: unicode61 with diacritics folded (café = cafe) and no stemming — names, hostnames and
 * serials must match as typed; a trailing * gives prefixes, served by the 2- and 3-character prefix
 * indexes.
 */
export const SEARCH_INDEX_VERSION = '3';

// The index's format version: a file indexed by an older glueflow is dropped and rebuilt on open.
export const SEARCH_META = `CREATE TABLE IF NOT EXISTS search_meta (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL
)`;

/** What an index of another version is dropped with before it is created anew and rebuilt. */
export const SEARCH_DROP: readonly string[] = [
  `DROP TRIGGER IF EXISTS search_docs_ai`,
  `DROP TRIGGER IF EXISTS search_docs_ad`,
  `DROP TRIGGER IF EXISTS search_docs_au`,
  `DROP TABLE IF EXISTS search_text`,
  `DROP TABLE IF EXISTS search_docs`,
];

export const SEARCH_SCHEMA: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS search_docs (
     doc INTEGER PRIMARY KEY,
     type TEXT NOT NULL,
     id TEXT NOT NULL,
     name TEXT NOT NULL,
     body TEXT NOT NULL,
     traits TEXT NOT NULL,
     sections TEXT NOT NULL DEFAULT '',
     facets TEXT NOT NULL,
     organization_id TEXT,
     organization_folded TEXT,
     organization_name TEXT,
     url TEXT,
     UNIQUE (type, id)
   )`,
  `CREATE TABLE IF NOT EXISTS search_sections (
     section_id TEXT PRIMARY KEY,
     document_id TEXT NOT NULL,
     sort INTEGER NOT NULL,
     text TEXT NOT NULL
   )`,
  `CREATE INDEX IF NOT EXISTS search_sections_by_document ON search_sections (document_id, sort)`,
  `CREATE INDEX IF NOT EXISTS search_docs_by_org_name ON search_docs (organization_folded)`,
  `CREATE VIRTUAL TABLE IF NOT EXISTS search_text USING fts5(
     name, body, traits, sections, facets, content='search_docs', content_rowid='doc',
     tokenize='unicode61 remove_diacritics 2', prefix='2 3'
   )`,
  `CREATE TRIGGER IF NOT EXISTS search_docs_ai AFTER INSERT ON search_docs BEGIN
     INSERT INTO search_text (rowid, name, body, traits, sections, facets)
       VALUES (new.doc, new.name, new.body, new.traits, new.sections, new.facets);
   END`,
  `CREATE TRIGGER IF NOT EXISTS search_docs_ad AFTER DELETE ON search_docs BEGIN
     INSERT INTO search_text (search_text, rowid, name, body, traits, sections, facets)
       VALUES ('delete', old.doc, old.name, old.body, old.traits, old.sections, old.facets);
   END`,
  `CREATE TRIGGER IF NOT EXISTS search_docs_au AFTER UPDATE ON search_docs BEGIN
     INSERT INTO search_text (search_text, rowid, name, body, traits, sections, facets)
       VALUES ('delete', old.doc, old.name, old.body, old.traits, old.sections, old.facets);
     INSERT INTO search_text (rowid, name, body, traits, sections, facets)
       VALUES (new.doc, new.name, new.body, new.traits, new.sections, new.facets);
   END`,
];

/** The facet tokens of a record: letters and digits only, so the tokenizer keeps each one whole. */
export function typeFacet(type: string): string {
  return `xtype${type.replace(/[^a-z0-9]/gi, '').toLowerCase()}`;
}

export function organizationFacet(id: string): string {
  return `xorg${id.replace(/[^a-z0-9]/gi, '').toLowerCase()}`;
}
