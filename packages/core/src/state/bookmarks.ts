import type { GlueflowStorage } from '../storage/glueflow-storage.js';
import { ScopedRecords } from './scoped-records.js';
import { stateError } from '../storage/storage-errors.js';
import { validKey, type JsonValue } from './state-values.js';

/** Where a pipeline got to (a cursor, a last-processed id), so a killed run resumes instead of restarting. */
export class Bookmarks {
  readonly #records: ScopedRecords<JsonValue>;
  readonly #where: string;

  constructor(storage: GlueflowStorage, plugin: string, clock: () => number) {
    this.#records = new ScopedRecords<JsonValue>(storage, 'state-bookmarks', plugin, clock);
    this.#where = `state bookmarks of ${plugin}`;
  }

  async get<T extends JsonValue = JsonValue>(name: string): Promise<T | undefined> {
    return (await this.#records.get(validKey(name, this.#where))) as T | undefined;
  }

  async set(name: string, value: JsonValue): Promise<void> {
    // A value JSON cannot round-trip (undefined, a function, a Date turned string) would come back different.
    if (value === undefined || JSON.stringify(value) === undefined) {
      throw stateError(
        'ESTATE_INVALID',
        `A bookmark in ${this.#where} must be a JSON value.`,
        'store strings, numbers, booleans, null, arrays and plain objects',
        this.#where,
      );
    }
    await this.#records.set(validKey(name, this.#where), JSON.parse(JSON.stringify(value)) as JsonValue);
  }

  async delete(name: string): Promise<boolean> {
    return this.#records.delete(validKey(name, this.#where));
  }

  list(): AsyncIterable<[name: string, value: JsonValue]> {
    return this.#records.entries();
  }
}
