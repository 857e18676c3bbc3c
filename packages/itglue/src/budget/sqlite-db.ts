/**
 * A small promise wrapper over node-sqlite3 with one transaction at a time per connection
 * (statements of two interleaved async transactions on one connection would mix).
 */
import fs from 'node:fs';
import path from 'node:path';
import sqlite3 from 'sqlite3';
import { assertSafeFolder } from '../home.js';

export class SqliteDb {
  private tail: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly db: sqlite3.Database,
    readonly file: string,
  ) {}

  /**
   * Opens (creating a missing folder 0700 and the file 0600) and applies the pragmas. An existing
   * folder keeps its mode; one every user can write is refused (ECACHE_UNSAFE_HOME).
   */
  static async open(file: string, busyTimeoutMs: number): Promise<SqliteDb> {
    const folder = path.dirname(file);
    if (fs.mkdirSync(folder, { recursive: true, mode: 0o700 }) === undefined) assertSafeFolder(folder);
    // Create the file ourselves so it never exists with looser permissions than 0600.
    fs.closeSync(fs.openSync(file, 'a', 0o600));
    fs.chmodSync(file, 0o600);
    const db = await new Promise<sqlite3.Database>((resolve, reject) => {
      const handle = new sqlite3.Database(file, (error) => (error ? reject(error) : resolve(handle)));
    });
    db.configure('busyTimeout', busyTimeoutMs);
    const wrapped = new SqliteDb(db, file);
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

  private async beginImmediate(): Promise<void> {
    // busyTimeout covers most contention; a few extra tries cover SQLITE_BUSY raised without waiting.
    for (let attempt = 0; ; attempt++) {
      try {
        await this.exec('BEGIN IMMEDIATE');
        return;
      } catch (error) {
        if ((error as { code?: string }).code !== 'SQLITE_BUSY' || attempt >= 5) throw error;
        await new Promise((resolve) => setTimeout(resolve, 10 * (attempt + 1)));
      }
    }
  }
}
