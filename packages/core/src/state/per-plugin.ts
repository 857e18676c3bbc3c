import type { GlueflowStorage } from '../storage/glueflow-storage.js';
import { ScopedRecords } from './scoped-records.js';
import { validKey } from './state-values.js';

/** One kind of state (a keyv namespace) split by plugin, each plugin's records created on first use. */
export class PerPlugin<Value> {
  readonly where: string;
  readonly #storage: GlueflowStorage;
  readonly #ns: string;
  readonly #clock: () => number;
  readonly #byPlugin = new Map<string, ScopedRecords<Value>>();

  constructor(storage: GlueflowStorage, ns: string, where: string, clock: () => number) {
    this.#storage = storage;
    this.#ns = ns;
    this.where = where;
    this.#clock = clock;
  }

  of(plugin: string): ScopedRecords<Value> {
    validKey(plugin, 'plugin', this.where);
    let records = this.#byPlugin.get(plugin);
    if (!records) {
      records = new ScopedRecords<Value>(this.#storage, this.#ns, plugin, this.#clock);
      this.#byPlugin.set(plugin, records);
    }
    return records;
  }

  key(key: string): string {
    return validKey(key, 'key', this.where);
  }
}
