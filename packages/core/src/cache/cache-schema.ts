/**
 * Index tables next to the keyv values. The values (`cache-<type>` namespaces of the `kv` table)
 * hold the records; `cache_index` holds what lookups need — folded name, organization, expiry — with
 * a B-tree for exact and prefix names and an FTS5 trigram index for substring search, so no lookup
 * scans the records. keyv's SQLite schema has no expiry column, so expiry lives here too.
 */
export const CACHE_SCHEMA: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS cache_index (
     type TEXT NOT NULL,
     id TEXT NOT NULL,
     name TEXT,
     name_folded TEXT,
     organization_id TEXT,
     expires_at INTEGER NOT NULL,
     write_seq INTEGER NOT NULL,
     PRIMARY KEY (type, id)
   )`,
  `CREATE INDEX IF NOT EXISTS cache_index_by_name ON cache_index (type, name_folded, organization_id)`,
  `CREATE INDEX IF NOT EXISTS cache_index_by_expiry ON cache_index (expires_at)`,
  `CREATE INDEX IF NOT EXISTS cache_index_by_seq ON cache_index (type, write_seq)`,
  // External-content FTS: the trigram index stores no second copy of the names, triggers keep it in step.
  `CREATE VIRTUAL TABLE IF NOT EXISTS cache_names USING fts5(
     name_folded, content='cache_index', content_rowid='rowid', tokenize='trigram'
   )`,
  `CREATE TRIGGER IF NOT EXISTS cache_index_ai AFTER INSERT ON cache_index BEGIN
     INSERT INTO cache_names (rowid, name_folded) VALUES (new.rowid, new.name_folded);
   END`,
  `CREATE TRIGGER IF NOT EXISTS cache_index_ad AFTER DELETE ON cache_index BEGIN
     INSERT INTO cache_names (cache_names, rowid, name_folded) VALUES ('delete', old.rowid, old.name_folded);
   END`,
  `CREATE TRIGGER IF NOT EXISTS cache_index_au AFTER UPDATE OF name_folded ON cache_index
   WHEN old.name_folded IS NOT new.name_folded BEGIN
     INSERT INTO cache_names (cache_names, rowid, name_folded) VALUES ('delete', old.rowid, old.name_folded);
     INSERT INTO cache_names (rowid, name_folded) VALUES (new.rowid, new.name_folded);
   END`,
  `CREATE TABLE IF NOT EXISTS cache_types (
     type TEXT PRIMARY KEY,
     last_refresh_at INTEGER
   )`,
  // Hit/miss totals across processes; each process adds its counts when it flushes or closes.
  `CREATE TABLE IF NOT EXISTS cache_counters (
     name TEXT PRIMARY KEY,
     value INTEGER NOT NULL
   )`,
  `INSERT OR IGNORE INTO cache_counters (name, value) VALUES
     ('write-seq', 0), ('hits', 0), ('misses', 0), ('stale-hits', 0)`,
];
