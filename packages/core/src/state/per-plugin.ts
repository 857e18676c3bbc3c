import type { StateBackend, StateRecords } from './state-backend.js';
import { validKey } from './state-values.js';

/** One kind of state (a keyv namespace) split by plugin, each plugin's records created on first use. */
export class PerPlugin<Value> {
  readonly where: string;
  readonly #backend: StateBackend;
  readonly #ns: string;
  readonly #byPlugin = new Map<string, StateRecords<Value>>();

  constructor(backend: StateBackend, ns: string, where: string) {
    this.#backend = backend;
    this.#ns = ns;
    this.where = where;
  }

  of(plugin: string): StateRecords<Value> {
    validKey(plugin, 'plugin', this.where);
    let records = this.#byPlugin.get(plugin);
    if (!records) {
      records = this.#backend.records<Value>(this.#ns, plugin);
      this.#byPlugin.set(plugin, records);
    }
    return records;
  }

  key(key: string): string {
    return validKey(key, 'key', this.where);
  }
}
