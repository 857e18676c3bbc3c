import type { GlueflowStorage } from '../storage/glueflow-storage.js';
import { ScopedRecords } from './scoped-records.js';
import { WatermarkSchema, validKey, validated, type Watermark } from './state-values.js';

/** Change-feed positions (`watch:<type>`), saved only after every listener succeeded. */
export class Watermarks {
  readonly #records: ScopedRecords<Watermark>;
  readonly #where: string;

  constructor(storage: GlueflowStorage, plugin: string, clock: () => number) {
    this.#records = new ScopedRecords<Watermark>(storage, 'state-watermarks', plugin, clock);
    this.#where = `state watermarks of ${plugin}`;
  }

  async get(name: string): Promise<Watermark | undefined> {
    return this.#records.get(validKey(name, this.#where));
  }

  async set(name: string, watermark: Watermark): Promise<void> {
    await this.#records.set(validKey(name, this.#where), validated(WatermarkSchema, watermark, this.#where));
  }

  async delete(name: string): Promise<boolean> {
    return this.#records.delete(validKey(name, this.#where));
  }

  list(): AsyncIterable<[name: string, watermark: Watermark]> {
    return this.#records.entries();
  }
}
