/**
 * The instance's SQLite file, opened once per process and shared by the metadata cache, the state
 * store (and the rate budget). Values live in keyv namespaces (@keyv/sqlite, table `kv`); the index
 * tables that make lookups and listings fast live in the same file and go through the same
 * connection, so a value and its index row are written in one transaction.
 */
import { promises as fs } from 'node:fs';
import Keyv from 'keyv';
import KeyvSqlite from '@keyv/sqlite';
import { retryWhileBusy } from '@glueflow/itglue';
import { companionFiles, resolveStorageFile, type StorageLocation } from './storage-path.js';
import { assertSqliteHeader, ensurePrivateFile, ensurePrivateFolder, folderOf } from './secure-files.js';
import { isStorageError, storageError, toStorageError, usageError } from './storage-errors.js';
import { WriteLock } from './write-lock.js';

export interface StorageOptions extends StorageLocation {
  /** How long one statement waits for another process's lock (SQLite busy timeout). Default 5 s. */
  busyTimeoutMs?: number;
  /** How long a write keeps retrying a busy file before failing with ECACHE_LOCKED. Default 30 s. */
  lockTimeoutMs?: number;
}

export type SqlValue = string | number | null;

const KV_TABLE = 'kv';
// keyv's SQLite adapter matches namespaces with LIKE 'ns:%': `_` and `%` would be wildcards and `:`
// would blur the prefix, so namespaces are plain lower-case words joined by dashes.
const NAMESPACE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

export class GlueflowStorage {
  readonly file: string;
  readonly #store: KeyvSqlite;
  readonly #lock = new WriteLock();
  readonly #lockTimeoutMs: number;
  readonly #schemas = new Set<string>();
  #closed = false;

  private constructor(file: string, store: KeyvSqlite, lockTimeoutMs: number) {
    this.file = file;
    this.#store = store;
    this.#lockTimeoutMs = lockTimeoutMs;
  }

  /** Opens (creating folder and file when missing) and checks the file; fails with a coded error. */
  static async open(options: StorageOptions = {}): Promise<GlueflowStorage> {
    const file = resolveStorageFile(options);
    await ensurePrivateFolder(folderOf(file), file);
    await assertSqliteHeader(file);
    await ensurePrivateFile(file);
    const store = new KeyvSqlite({
      uri: `sqlite://${file}`,
      table: KV_TABLE,
      busyTimeout: options.busyTimeoutMs ?? 5000,
    });
    // The adapter re-emits its connection error; without a listener Node would throw it from an
    // event, outside any promise we can catch. The same error reaches us through the first query.
    store.on('error', () => undefined);
    // Every keyv view (one per cached type, and per state kind × plugin) listens on this one store:
    // their number grows with plugins, not with work, so Node's leak warning at 10 would be noise.
    store.setMaxListeners(0);
    const rawQuery = store.query;
    store.query = (sql, ...params) =>
      rawQuery(sql, ...params).catch((error: unknown) => {
        throw toStorageError(error, file);
      });
    const storage = new GlueflowStorage(file, store, options.lockTimeoutMs ?? 30_000);
    try {
      await storage.#retryWhileLocked(async () => {
        // WAL lets readers in other processes go on while one process writes.
        await storage.all('PRAGMA journal_mode=WAL');
      });
      await storage.all(`SELECT count(*) AS n FROM ${KV_TABLE}`);
    } catch (error) {
      await store.disconnect().catch(() => undefined);
      throw error;
    }
    return storage;
  }

  /** Runs one statement on the shared connection and returns its rows. */
  async all<Row = Record<string, unknown>>(sql: string, params: readonly SqlValue[] = []): Promise<Row[]> {
    this.#assertOpen();
    return (await this.#store.query(sql, params)) as Row[];
  }

  /**
   * Runs `fn` in one IMMEDIATE transaction: all of it lands or none of it does, even if the process
   * dies half-way. A file busy in another process is retried with backoff until `lockTimeoutMs`, so
   * `fn` may run more than once and must only touch the database.
   */
  async write<T>(fn: () => Promise<T>): Promise<T> {
    this.#assertOpen();
    if (this.#lock.held) return fn();
    return this.#lock.run(() =>
      this.#retryWhileLocked(async () => {
        await this.all('BEGIN IMMEDIATE');
        try {
          const result = await fn();
          await this.all('COMMIT');
          return result;
        } catch (error) {
          await this.all('ROLLBACK').catch(() => undefined);
          throw error;
        }
      }),
    );
  }

  /** Creates tables once per process; statements must be idempotent (`IF NOT EXISTS`). */
  async ensureSchema(name: string, statements: readonly string[]): Promise<void> {
    if (this.#schemas.has(name)) return;
    await this.write(async () => {
      for (const statement of statements) await this.all(statement);
    });
    this.#schemas.add(name);
  }

  /** A keyv view of one namespace of the shared `kv` table. */
  keyv<Value>(namespace: string): Keyv<Value> {
    if (!NAMESPACE.test(namespace)) {
      throw usageError(
        `"${namespace}" as a storage namespace`,
        'lower-case letters and digits joined by "-" (no "_", "%" or ":": keyv turns them into LIKE wildcards)',
      );
    }
    return new Keyv<Value>({
      store: this.#store,
      namespace,
      serialize: (data) => JSON.stringify(data),
      deserialize: (text: string) => JSON.parse(text) as never,
      throwOnErrors: true,
      emitErrors: false,
    });
  }

  /**
   * Bulk upsert in keyv's own row layout (`<namespace>:<key>`, the `{ value }` envelope `keyv.set`
   * writes without a TTL), read back through `keyv()`. One statement per call instead of keyv's one
   * per entry: a 1000-record page goes from ~100 ms to ~15 ms. Call it inside `write()`.
   */
  async setMany(namespace: string, entries: readonly { key: string; value: unknown }[]): Promise<void> {
    if (entries.length === 0) return;
    const rows = entries.map(({ key, value }) => [key, serializeForKeyv(value)]);
    await this.all(
      `INSERT INTO ${KV_TABLE} (key, value) SELECT ?1 || (j.value ->> 0), j.value ->> 1 FROM json_each(?2) AS j WHERE true
       ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      [`${namespace}:`, JSON.stringify(rows)],
    );
  }

  /**
   * Deletes every key of a namespace. keyv's own `clear()` goes by the adapter's *current* namespace,
   * which the namespaces sharing this connection overwrite, and without one it empties the whole
   * table; a key range on the primary key removes exactly `ns:*` and uses no LIKE.
   */
  async deleteNamespace(namespace: string): Promise<void> {
    await this.write(() =>
      this.all(`DELETE FROM ${KV_TABLE} WHERE key >= ? AND key < ?`, [`${namespace}:`, `${namespace};`]),
    );
  }

  /** The key under which keyv stores `key` of `namespace`, for statements that join on the kv table. */
  static kvKey(namespace: string, key: string): string {
    return `${namespace}:${key}`;
  }

  static readonly kvTable = KV_TABLE;

  /** Bytes on disk: the database plus its write-ahead log. */
  async bytesOnDisk(): Promise<number> {
    let total = 0;
    for (const name of [this.file, ...companionFiles(this.file)]) {
      total += await fs.stat(name).then(
        (stat) => stat.size,
        () => 0,
      );
    }
    return total;
  }

  /** Rebuilds the file to return free pages to the disk, then empties the write-ahead log. */
  async vacuum(): Promise<void> {
    await this.#lock.run(() =>
      this.#retryWhileLocked(async () => {
        await this.all('VACUUM');
        await this.all('PRAGMA wal_checkpoint(TRUNCATE)');
      }),
    );
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    await this.#lock.run(async () => {
      this.#closed = true;
      await this.#store.disconnect().catch((error: unknown) => {
        throw toStorageError(error, this.file);
      });
    });
  }

  /** The busy policy of sqlite-access.ts; SQLite's busy codes reach here as ECACHE_LOCKED. */
  #retryWhileLocked<T>(attempt: () => Promise<T>): Promise<T> {
    return retryWhileBusy(attempt, {
      retryForMs: this.#lockTimeoutMs,
      isBusy: (error) => isStorageError(error, 'ECACHE_LOCKED'),
    });
  }

  #assertOpen(): void {
    if (this.#closed) throw storageError('ECACHE_IO', this.file, new Error('the storage was closed'));
  }
}

/** What keyv stores for `set(key, value)` without a TTL, given our JSON serializer. */
export function serializeForKeyv(value: unknown): string {
  return JSON.stringify({ value });
}

/** The value of a `kv` row read by SQL (a join), as `keyv.get` would return it. */
export function deserializeFromKeyv<Value>(text: string): Value {
  return (JSON.parse(text) as { value: Value }).value;
}

/**
 * Removes the database and its companion files, for `glueflow cache clear` on a file too damaged to
 * open. Nothing may have the file open in this process.
 */
export async function deleteStorageFiles(location: StorageLocation): Promise<string[]> {
  const file = resolveStorageFile(location);
  const removed: string[] = [];
  for (const name of [file, ...companionFiles(file)]) {
    try {
      await fs.rm(name);
      removed.push(name);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw storageError('ECACHE_IO', file, error);
    }
  }
  return removed;
}
