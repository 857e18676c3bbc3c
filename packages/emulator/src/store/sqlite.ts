import sqlite3 from 'sqlite3';
import type { ResourceType } from '../resources/types.js';
import { RESOURCES } from '../resources/registry.js';
import type { Store, StoreChange, StoredRecord } from './store.js';

export interface Persistence {
  /** Writes every change made so far, in one transaction. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

const SCHEMA = `
  PRAGMA journal_mode = WAL;
  PRAGMA synchronous = NORMAL;
  CREATE TABLE IF NOT EXISTS records (
    type TEXT NOT NULL,
    id INTEGER NOT NULL,
    attributes TEXT NOT NULL,
    PRIMARY KEY (type, id)
  );
  CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
`;

/**
 * Write-through SQLite storage: the in-memory store stays the one that answers queries; every
 * change is queued (coalesced per record) and written in a transaction when a request or admin
 * operation flushes, before it answers. On start the file is loaded into memory.
 */
export async function openPersistence(file: string, store: Store): Promise<Persistence> {
  const db = await openDatabase(file);
  await exec(db, SCHEMA);
  const rows = await all<{ type: string; id: number; attributes: string }>(
    db,
    'SELECT type, id, attributes FROM records',
  );
  const lastId = await all<{ value: string }>(db, "SELECT value FROM meta WHERE key = 'last-id'");
  const records: StoredRecord[] = rows
    .filter((row) => Object.prototype.hasOwnProperty.call(RESOURCES, row.type))
    .map((row) => ({
      type: row.type as ResourceType,
      id: row.id,
      attributes: JSON.parse(row.attributes) as Record<string, unknown>,
    }));
  store.load(records, Number(lastId[0]?.value ?? 0));

  const pending = new Map<string, StoreChange>();
  let clearPending = false;
  store.onChange((change) => {
    if (change.op === 'clear') {
      pending.clear();
      clearPending = true;
    } else {
      const key =
        change.op === 'put' ? `${change.record.type}:${change.record.id}` : `${change.type}:${change.id}`;
      pending.set(key, change);
    }
  });

  const writeBatch = async (): Promise<void> => {
    if (!clearPending && pending.size === 0) return;
    const batch = [...pending.values()];
    const clear = clearPending;
    pending.clear();
    clearPending = false;
    await exec(db, 'BEGIN');
    try {
      if (clear) await exec(db, 'DELETE FROM records');
      await runMany(
        db,
        'INSERT OR REPLACE INTO records (type, id, attributes) VALUES (?, ?, ?)',
        batch.flatMap((change) =>
          change.op === 'put'
            ? [[change.record.type, change.record.id, JSON.stringify(change.record.attributes)]]
            : [],
        ),
      );
      await runMany(
        db,
        'DELETE FROM records WHERE type = ? AND id = ?',
        batch.flatMap((change) => (change.op === 'delete' ? [[change.type, change.id]] : [])),
      );
      await runMany(db, "INSERT OR REPLACE INTO meta (key, value) VALUES ('last-id', ?)", [
        [String(store.currentId)],
      ]);
      await exec(db, 'COMMIT');
    } catch (error) {
      await exec(db, 'ROLLBACK').catch(() => undefined);
      throw error;
    }
  };

  let chain: Promise<void> = Promise.resolve();
  const flush = () => {
    chain = chain.catch(() => undefined).then(writeBatch);
    return chain;
  };
  return {
    flush,
    close: async () => {
      await flush();
      await new Promise<void>((resolve, reject) => db.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

function openDatabase(file: string): Promise<sqlite3.Database> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, (error) => (error ? reject(error) : resolve(db)));
  });
}

function exec(db: sqlite3.Database, sql: string): Promise<void> {
  return new Promise((resolve, reject) => db.exec(sql, (error) => (error ? reject(error) : resolve())));
}

function all<T>(db: sqlite3.Database, sql: string): Promise<T[]> {
  return new Promise((resolve, reject) =>
    db.all(sql, (error, rows) => (error ? reject(error) : resolve(rows as T[]))),
  );
}

/** Runs one prepared statement for many parameter rows without awaiting each (sqlite3 queues them in order). */
function runMany(db: sqlite3.Database, sql: string, rows: unknown[][]): Promise<void> {
  if (rows.length === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    let failure: Error | null = null;
    const statement = db.prepare(sql);
    for (const row of rows) {
      statement.run(row, (error: Error | null) => {
        failure ??= error;
      });
    }
    statement.finalize((error) => {
      const problem = failure ?? error;
      if (problem) reject(problem);
      else resolve();
    });
  });
}
