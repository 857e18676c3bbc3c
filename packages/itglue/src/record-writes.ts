/**
 * "A record was written": the one typed notice of every successful write the client makes, so a
 * cache (core's metadata cache), an index or an audit trail can follow IT Glue's answers without
 * wrapping the client. Listeners are awaited before the write's promise resolves, so a cache that
 * listens is current before the caller's next read.
 *
 * A listener that throws is logged and skipped, never turned into a failed write: IT Glue has applied
 * it, and a caller told otherwise would retry — and create the record twice.
 */
import type { ClientLogger } from './logger.js';
import type { ItGlueRecord } from './models/records.js';

/** The id and whatever else IT Glue answered (camelCase, as the models parse it). */
export type WrittenRecord = ItGlueRecord;

export type RecordWrite =
  /** Created, updated, published: the records as IT Glue answered. `route`: `flexible_assets` … */
  | { kind: 'written'; route: string; records: readonly WrittenRecord[] }
  | { kind: 'deleted'; route: string; ids: readonly string[] };

export type RecordWriteListener = (write: RecordWrite) => void | Promise<void>;

export class RecordWrites {
  readonly #listeners = new Set<RecordWriteListener>();

  constructor(private readonly logger: ClientLogger) {}

  /** Adds a listener; the function returned removes it. */
  subscribe(listener: RecordWriteListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async notify(write: RecordWrite): Promise<void> {
    const empty = write.kind === 'written' ? write.records.length === 0 : write.ids.length === 0;
    if (empty) return;
    for (const listener of this.#listeners) {
      try {
        await listener(write);
      } catch (error) {
        this.logger.warn('itglue record-written listener failed', {
          route: write.route,
          kind: write.kind,
          error,
        });
      }
    }
  }
}
