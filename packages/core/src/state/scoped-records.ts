/**
 * One kind of state (mappings, journal, …) of one plugin: a keyv namespace plus its index rows,
 * each update a single transaction so a crash never leaves a value without its index row or the
 * reverse.
 */
import type Keyv from 'keyv';
import { GlueflowStorage, deserializeFromKeyv, type SqlValue } from '../storage/glueflow-storage.js';
import type { StateRecords } from './state-backend.js';

const PAGE = 500;

export class ScopedRecords<Value> implements StateRecords<Value> {
  readonly #storage: GlueflowStorage;
  readonly #ns: string;
  readonly #scope: string;
  readonly #kv: Keyv<Value>;
  readonly #clock: () => number;

  constructor(storage: GlueflowStorage, ns: string, scope: string, clock: () => number) {
    this.#storage = storage;
    this.#ns = ns;
    this.#scope = scope;
    this.#kv = storage.keyv<Value>(ns);
    this.#clock = clock;
  }

  async get(key: string): Promise<Value | undefined> {
    return this.#kv.get(this.#kvKey(key));
  }

  /** Stores `value` under `key`; `tag` is an indexed label (the journal's status). */
  async set(key: string, value: Value, tag: string | null = null): Promise<void> {
    await this.#storage.write(async () => {
      await this.#kv.set(this.#kvKey(key), value);
      await this.#storage.all(
        `INSERT INTO state_index (ns, scope, key, tag, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (ns, scope, key) DO UPDATE SET tag = excluded.tag, updated_at = excluded.updated_at`,
        [this.#ns, this.#scope, key, tag, this.#clock()],
      );
    });
  }

  async delete(key: string): Promise<boolean> {
    return this.#storage.write(async () => {
      const existed = await this.#kv.delete(this.#kvKey(key));
      await this.#storage.all(`DELETE FROM state_index WHERE ns = ? AND scope = ? AND key = ?`, [
        this.#ns,
        this.#scope,
        key,
      ]);
      return existed;
    });
  }

  /**
   * Every entry in key order, optionally only those with `tag`, read in pages by key (not by
   * OFFSET, which skips rows when entries are deleted between pages).
   */
  async *entries(options: { tag?: string } = {}): AsyncIterable<[string, Value]> {
    const tag = options.tag === undefined ? [] : [options.tag];
    let after = '';
    for (;;) {
      const rows = await this.#storage.all<{ key: string; value: string }>(
        `SELECT s.key, kv.value FROM state_index AS s
         JOIN ${GlueflowStorage.kvTable} AS kv ON kv.key = ? || s.key
         WHERE s.ns = ? AND s.scope = ? AND s.key > ?${tag.length ? ' AND s.tag = ?' : ''}
         ORDER BY s.key LIMIT ?`,
        [this.#kvPrefix(), this.#ns, this.#scope, after, ...tag, PAGE] satisfies SqlValue[],
      );
      for (const row of rows) yield [row.key, deserializeFromKeyv<Value>(row.value)];
      const last = rows[rows.length - 1];
      if (!last || rows.length < PAGE) return;
      after = last.key;
    }
  }

  async count(options: { tag?: string } = {}): Promise<number> {
    const [row] = await this.#storage.all<{ n: number }>(
      `SELECT count(*) AS n FROM state_index WHERE ns = ? AND scope = ?${options.tag === undefined ? '' : ' AND tag = ?'}`,
      options.tag === undefined ? [this.#ns, this.#scope] : [this.#ns, this.#scope, options.tag],
    );
    return row?.n ?? 0;
  }

  async taggedBefore(tag: string, before: number): Promise<string[]> {
    const rows = await this.#storage.all<{ key: string }>(
      'SELECT key FROM state_index WHERE ns = ? AND scope = ? AND tag = ? AND updated_at < ?',
      [this.#ns, this.#scope, tag, before],
    );
    return rows.map((row) => row.key);
  }

  // The plugin name is URI-encoded so it cannot contain the ':' that separates it from the key.
  #kvPrefix(): string {
    return `${this.#ns}:${encodeURIComponent(this.#scope)}:`;
  }

  #kvKey(key: string): string {
    return `${encodeURIComponent(this.#scope)}:${key}`;
  }
}
