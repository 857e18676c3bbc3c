/**
 * Full pulls of one type. Records are written in batches of one page (the client lists with
 * `page[size]=1000`), each batch its own transaction, so a long refresh never holds the file's write
 * lock for long and other processes keep working. Only a listing that ran to the end removes the
 * records it did not see and records the refresh time.
 */
import { performance } from 'node:perf_hooks';
import type { CacheEntryStore } from './cache-store.js';
import type { CacheSource, CachedRecord, CachedType, RefreshReport } from './cache-types.js';

const BATCH = 1000;

export class CacheRefresher {
  readonly #entries: CacheEntryStore;
  readonly #source: CacheSource;
  readonly #clock: () => number;
  readonly #ttlMs: (type: CachedType) => number;
  // Two lookups that both find a type overdue share one pull instead of listing it twice.
  readonly #inFlight = new Map<CachedType, Promise<RefreshReport>>();

  constructor(
    entries: CacheEntryStore,
    source: CacheSource,
    clock: () => number,
    ttlMs: (type: CachedType) => number,
  ) {
    this.#entries = entries;
    this.#source = source;
    this.#clock = clock;
    this.#ttlMs = ttlMs;
  }

  refresh(type: CachedType): Promise<RefreshReport> {
    let running = this.#inFlight.get(type);
    if (!running) {
      running = this.#pull(type).finally(() => this.#inFlight.delete(type));
      this.#inFlight.set(type, running);
    }
    return running;
  }

  async #pull(type: CachedType): Promise<RefreshReport> {
    const startedAt = this.#clock();
    const started = performance.now();
    // Everything written from here on, by this pull or by anyone else, has a higher sequence number.
    const firstSeq = await this.#entries.nextSeq();
    let batch: CachedRecord[] = [];
    let count = 0;
    // The next page is fetched while the previous one is written: HTTP and SQLite overlap.
    let writing: Promise<void> = Promise.resolve();
    const flush = async () => {
      if (batch.length === 0) return;
      const records = batch;
      batch = [];
      await writing;
      writing = this.#entries.write(type, records, this.#clock(), this.#ttlMs(type)).then(() => {
        count += records.length;
      });
      // Handled here so a failed write waiting to be awaited is not reported as unhandled.
      writing.catch(() => undefined);
    };
    for await (const record of this.#source.list(type)) {
      batch.push(record);
      if (batch.length >= BATCH) await flush();
    }
    await flush();
    await writing;
    const removed = await this.#entries.removeWrittenBefore(type, firstSeq);
    await this.#entries.markRefreshed(type, startedAt);
    return { type, count, removed, durationMs: Math.round(performance.now() - started) };
  }
}
