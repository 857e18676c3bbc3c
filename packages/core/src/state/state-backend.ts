/**
 * The seam under the state store: mappings, the write journal, watermarks and bookmarks are written
 * once (mapping-table.ts, journal-table.ts, named-values.ts) over a backend that stores records —
 * the instance's SQLite file (sqlite-backend.ts, the default) or a shared Redis (redis/). A backend
 * promises what the tables rely on: each `set`/`delete` lands whole, and `atomic(fn)` makes every
 * write inside `fn` land together or not at all.
 */

/** One kind of state (a namespace) of one scope (a plugin), keyed by a non-empty string. */
export interface StateRecords<Value> {
  get(key: string): Promise<Value | undefined>;
  /** Stores `value` under `key`; `tag` is an indexed label (the journal's status). */
  set(key: string, value: Value, tag?: string | null): Promise<void>;
  /** Whether there was a value. */
  delete(key: string): Promise<boolean>;
  /** Every entry in key order; with `tag`, only entries carrying it (in no promised order). */
  entries(options?: { tag?: string }): AsyncIterable<[string, Value]>;
  count(options?: { tag?: string }): Promise<number>;
  /** Keys carrying `tag` last set before `before` (ms since the epoch), from the tag's index. */
  taggedBefore(tag: string, before: number): Promise<string[]>;
}

export interface StateBackend {
  /** Where the state lives, for messages: the SQLite file, or `redis://host:port` (never a password). */
  readonly where: string;
  records<Value>(ns: string, scope: string): StateRecords<Value>;
  /** Runs `fn` so that its writes land together or not at all (see each backend for how). */
  atomic<T>(fn: () => Promise<T>): Promise<T>;
}
