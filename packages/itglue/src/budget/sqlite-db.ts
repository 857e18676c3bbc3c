/**
 * A small promise wrapper over node-sqlite3 with one transaction at a time per connection
 * (statements of two interleaved async transactions on one connection would mix).
 */
import path from 'node:path';
import sqlite3 from 'sqlite3';
import { preparePrivateFile, preparePrivateFolder, retryWhileBusy } from '../sqlite-access.js';

export class SqliteDb {
  private tail: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly db: sqlite3.Database,
    readonly file: string,
    private readonly busyTimeoutMs: number,
  ) {}

  /**
   * Opens, private as sqlite-access.ts keeps every Glueflow SQLite file (a missing folder 0700, the
   * file 0600; an existing folder every user can write is refused, ECACHE_UNSAFE_HOME), and applies
   * the pragmas.
   */
  static async open(file: string, busyTimeoutMs: number): Promise<SqliteDb> {
    await preparePrivateFolder(path.dirname(file));
    await preparePrivateFile(file);
    const db = await new Promise<sqlite3.Database>((resolve, reject) => {
      const handle = new sqlite3.Database(file, (error) => (error ? reject(error) : resolve(handle)));
    });
    db.configure('busyTimeout', busyTimeoutMs);
    const wrapped = new SqliteDb(db, file, busyTimeoutMs);
    await wrapped.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;');
    return wrapped;
  }

  exec(sql: string): Promise<void> {
    return new Promise((resolve, reject) =>
      this.db.exec(sql, (error) => (error ? reject(error) : resolve())),
    );
  }

  run(sql: string, ...params: unknown[]): Promise<number> {
    return new Promise((resolve, reject) =>
      this.db.run(sql, params, function (this: sqlite3.RunResult, error: Error | null) {
        if (error) reject(error);
        else resolve(this.changes);
      }),
    );
  }

  /** Runs an INSERT and resolves to the new rowid. */
  insert(sql: string, ...params: unknown[]): Promise<number> {
    return new Promise((resolve, reject) =>
      this.db.run(sql, params, function (this: sqlite3.RunResult, error: Error | null) {
        if (error) reject(error);
        else resolve(this.lastID);
      }),
    );
  }

  get<T>(sql: string, ...params: unknown[]): Promise<T | undefined> {
    return new Promise((resolve, reject) =>
      this.db.get(sql, params, (error: Error | null, row: T | undefined) =>
        error ? reject(error) : resolve(row),
      ),
    );
  }

  /**
   * Runs `work` inside BEGIN IMMEDIATE … COMMIT: the write lock is taken up front, so two
   * processes never both read a window and both decide to grant its last slot.
   */
  transaction<T>(work: () => Promise<T>): Promise<T> {
    const run = async (): Promise<T> => {
      await this.beginImmediate();
      try {
        const result = await work();
        await this.exec('COMMIT');
        return result;
      } catch (error) {
        await this.exec('ROLLBACK').catch(() => undefined);
        throw error;
      }
    };
    const result = this.tail.then(run, run);
    this.tail = result.catch(() => undefined);
    return result;
  }

  close(): Promise<void> {
    return this.tail.then(
      () =>
        new Promise<void>((resolve, reject) => this.db.close((error) => (error ? reject(error) : resolve()))),
    );
  }

  private beginImmediate(): Promise<void> {
    // busyTimeout covers most contention; SQLITE_BUSY raised without waiting is tried again.
    return retryWhileBusy(() => this.exec('BEGIN IMMEDIATE'), { retryForMs: this.busyTimeoutMs });
  }
}
