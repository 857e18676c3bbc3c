import type { MappingStore } from '../engine/write-backend.js';
import { PerPlugin } from './per-plugin.js';
import type { StateBackend } from './state-backend.js';
import { MappingSchema, validated, type Mapping } from './state-values.js';

/** `(plugin, sourceKey) → { resourceType, id, contentHash, updatedAt }`: the basis of idempotent writes. */
export class MappingTable implements MappingStore {
  readonly #table: PerPlugin<Mapping>;

  constructor(backend: StateBackend) {
    this.#table = new PerPlugin<Mapping>(backend, 'state-mappings', 'state mappings');
  }

  async get(plugin: string, sourceKey: string): Promise<Mapping | undefined> {
    return this.#table.of(plugin).get(this.#table.key(sourceKey));
  }

  async set(plugin: string, sourceKey: string, mapping: Mapping): Promise<void> {
    const value = validated<Mapping>(MappingSchema, mapping, this.#table.where);
    await this.#table.of(plugin).set(this.#table.key(sourceKey), value);
  }

  async delete(plugin: string, sourceKey: string): Promise<void> {
    await this.#table.of(plugin).delete(this.#table.key(sourceKey));
  }

  /** Every mapping of one plugin, in source-key order. */
  list(plugin: string): AsyncIterable<[sourceKey: string, mapping: Mapping]> {
    return this.#table.of(plugin).entries();
  }

  async count(plugin: string): Promise<number> {
    return this.#table.of(plugin).count();
  }
}
