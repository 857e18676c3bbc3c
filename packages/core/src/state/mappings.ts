import type { GlueflowStorage } from '../storage/glueflow-storage.js';
import { ScopedRecords } from './scoped-records.js';
import { MappingSchema, validKey, validated, type Mapping } from './state-values.js';

/** `sourceKey → { type, id, contentHash, updatedAt }` for one plugin: the basis of idempotent writes. */
export class Mappings {
  readonly #records: ScopedRecords<Mapping>;
  readonly #where: string;

  constructor(storage: GlueflowStorage, plugin: string, clock: () => number) {
    this.#records = new ScopedRecords<Mapping>(storage, 'state-mappings', plugin, clock);
    this.#where = `state mappings of ${plugin}`;
  }

  async get(sourceKey: string): Promise<Mapping | undefined> {
    return this.#records.get(validKey(sourceKey, this.#where));
  }

  async set(sourceKey: string, mapping: Mapping): Promise<void> {
    await this.#records.set(validKey(sourceKey, this.#where), validated(MappingSchema, mapping, this.#where));
  }

  async delete(sourceKey: string): Promise<boolean> {
    return this.#records.delete(validKey(sourceKey, this.#where));
  }

  /** Every mapping of the plugin, by source key. */
  list(): AsyncIterable<[sourceKey: string, mapping: Mapping]> {
    return this.#records.entries();
  }

  async count(): Promise<number> {
    return this.#records.count();
  }
}
