import { PerPlugin } from './per-plugin.js';
import type { StateBackend } from './state-backend.js';
import { stateError } from '../storage/storage-errors.js';
import { WatermarkSchema, validated, type JsonValue, type Watermark } from './state-values.js';

/** Named values per plugin: watermarks and bookmarks differ only in what a value may be. */
class NamedValues<Value> {
  readonly #table: PerPlugin<Value>;
  readonly #check: (value: Value, where: string) => Value;

  constructor(table: PerPlugin<Value>, check: (value: Value, where: string) => Value) {
    this.#table = table;
    this.#check = check;
  }

  async get<T extends Value = Value>(plugin: string, name: string): Promise<T | undefined> {
    return (await this.#table.of(plugin).get(this.#table.key(name))) as T | undefined;
  }

  async set(plugin: string, name: string, value: Value): Promise<void> {
    const checked = this.#check(value, this.#table.where);
    await this.#table.of(plugin).set(this.#table.key(name), checked);
  }

  async delete(plugin: string, name: string): Promise<boolean> {
    return this.#table.of(plugin).delete(this.#table.key(name));
  }

  list(plugin: string): AsyncIterable<[name: string, value: Value]> {
    return this.#table.of(plugin).entries();
  }
}

/** Change-feed positions (`watch:<type>`), saved only after every listener succeeded. */
export class WatermarkTable extends NamedValues<Watermark> {
  constructor(backend: StateBackend) {
    super(new PerPlugin(backend, 'state-watermarks', 'state watermarks'), (value, where) =>
      validated<Watermark>(WatermarkSchema, value, where),
    );
  }
}

/** Where a pipeline got to (a cursor, a last-processed id), so a killed run resumes instead of restarting. */
export class BookmarkTable extends NamedValues<JsonValue> {
  constructor(backend: StateBackend) {
    super(new PerPlugin(backend, 'state-bookmarks', 'state bookmarks'), asJson);
  }
}

// A value JSON cannot round-trip (undefined, a function, a class instance) would come back different.
function asJson(value: JsonValue, where: string): JsonValue {
  const text = value === undefined ? undefined : JSON.stringify(value);
  if (text === undefined) {
    throw stateError(
      `a value that is not JSON in the ${where}`,
      'strings, numbers, booleans, null, arrays and plain objects',
      where,
    );
  }
  return JSON.parse(text) as JsonValue;
}
