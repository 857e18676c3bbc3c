/**
 * The state store: durable state in the instance's SQLite file, next to the cache but in its own
 * namespaces (clearing the cache never touches it). Safe for several processes on one file: every
 * update is one transaction that waits for a busy file and retries. `mappings` and `journal`
 * implement the write gate's MappingStore and WriteJournal; `history` records every run (run-history.ts).
 */
import { GlueflowStorage, type StorageOptions } from '../storage/glueflow-storage.js';
import { JournalTable } from './journal-table.js';
import { MappingTable } from './mapping-table.js';
import { BookmarkTable, WatermarkTable } from './named-values.js';
import { RunHistory } from './run-history.js';
import { forPlugin, type PluginState } from './plugin-state.js';
import { STATE_SCHEMA } from './state-schema.js';

export interface StateStoreOptions {
  /** Milliseconds since the epoch, for timestamps; injected so tests control time. */
  clock?: () => number;
}

export class StateStore {
  readonly mappings: MappingTable;
  readonly journal: JournalTable;
  readonly watermarks: WatermarkTable;
  readonly bookmarks: BookmarkTable;
  readonly history: RunHistory;
  readonly #storage: GlueflowStorage;
  readonly #ownsStorage: boolean;

  private constructor(
    storage: GlueflowStorage,
    clock: () => number,
    ownsStorage: boolean,
    history: RunHistory,
  ) {
    this.#storage = storage;
    this.history = history;
    this.#ownsStorage = ownsStorage;
    this.mappings = new MappingTable(storage, clock);
    this.journal = new JournalTable(storage, this.mappings, clock);
    this.watermarks = new WatermarkTable(storage, clock);
    this.bookmarks = new BookmarkTable(storage, clock);
  }

  /** Opens the instance's file (creating it); `close()` closes it. */
  static async open(options: StateStoreOptions & StorageOptions = {}): Promise<StateStore> {
    const storage = await GlueflowStorage.open(options);
    try {
      return await StateStore.over(storage, options, true);
    } catch (error) {
      await storage.close();
      throw error;
    }
  }

  /** A state store over a file already open for the cache; `close()` then leaves the file open. */
  static async over(storage: GlueflowStorage, options: StateStoreOptions = {}, ownsStorage = false) {
    await storage.ensureSchema('state', STATE_SCHEMA);
    const clock = options.clock ?? Date.now;
    return new StateStore(storage, clock, ownsStorage, await RunHistory.over(storage, { clock }));
  }

  get file(): string {
    return this.#storage.file;
  }

  /** One plugin's view, every call bound to it (what a step gets as `context.state`). */
  forPlugin(plugin: string): PluginState {
    return forPlugin(this, plugin);
  }

  /** Runs `fn` as one transaction: every update inside lands together or not at all. */
  async atomic<T>(fn: () => Promise<T>): Promise<T> {
    return this.#storage.write(fn);
  }

  async close(): Promise<void> {
    if (this.#ownsStorage) await this.#storage.close();
  }
}
