/**
 * The state store's values are keyv entries (`state-<kind>` namespaces of the `kv` table);
 * `state_index` lists them per plugin so listing never goes through keyv's LIKE/OFFSET iterator,
 * and `tag` lets the journal find its pending intents without reading every entry.
 */
export const STATE_SCHEMA: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS state_index (
     ns TEXT NOT NULL,
     scope TEXT NOT NULL,
     key TEXT NOT NULL,
     tag TEXT,
     updated_at INTEGER NOT NULL,
     PRIMARY KEY (ns, scope, key)
   )`,
  `CREATE INDEX IF NOT EXISTS state_index_by_tag ON state_index (ns, scope, tag, updated_at)`,
];
