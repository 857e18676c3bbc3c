/**
 * The state store: durable, per-plugin state in the instance's SQLite file, next to the cache but
 * in its own namespaces (clearing the cache never touches it). Safe for several processes on one
 * file: every update is one transaction, waits for a busy file and retries.
 */
import { GlueflowStorage, type StorageOptions } from '../storage/glueflow-storage.js';
import { usageError } from '../storage/storage-errors.js';
import { Bookmarks } from './bookmarks.js';
import { Mappings } from './mappings.js';
import { STATE_SCHEMA } from './state-schema.js';
import { Watermarks } from './watermarks.js';
import { WriteJournal } from './write-journal.js';

export interface StateStoreOptions {
  /** Milliseconds since the epoch, for timestamps; injected so tests control time. */
  clock?: () => number;
}

/** One plugin's view of the state store (what a step gets as `context.state`). */
export interface PluginState {
  readonly plugin: string;
  readonly mappings: Mappings;
  readonly journal: WriteJournal;
  readonly watermarks: Watermarks;
  readonly bookmarks: Bookmarks;
  /** Runs `fn` as one transaction: every update inside lands together or not at all. */
  atomic<T>(fn: () => Promise<T>): Promise<T>;
}

export class StateStore {
  readonly #storage: GlueflowStorage;
  readonly #clock: () => number;
  readonly #ownsStorage: boolean;
  readonly #plugins = new Map<string, PluginState>();

  private constructor(storage: GlueflowStorage, clock: () => number, ownsStorage: boolean) {
    this.#storage = storage;
    this.#clock = clock;
    this.#ownsStorage = ownsStorage;
  }

  static async open(options: StateStoreOptions & StorageOptions = {}): Promise<StateStore> {
    const storage = await GlueflowStorage.open(options);
    try {
      return await StateStore.over(storage, options, true);
    } catch (error) {
      await storage.close();
      throw error;
    }
  }

  /** A state store over an already open file shared with the cache; `close()` leaves the file open. */
  static async over(storage: GlueflowStorage, options: StateStoreOptions = {}, ownsStorage = false) {
    await storage.ensureSchema('state', STATE_SCHEMA);
    return new StateStore(storage, options.clock ?? Date.now, ownsStorage);
  }

  get file(): string {
    return this.#storage.file;
  }

  forPlugin(plugin: string): PluginState {
    if (typeof plugin !== 'string' || plugin.trim() === '') {
      throw usageError(
        'The state store needs a plugin name.',
        'pass the plugin\'s package name, e.g. "@glueflow/plugin-psa"',
      );
    }
    let state = this.#plugins.get(plugin);
    if (!state) {
      const storage = this.#storage;
      const mappings = new Mappings(storage, plugin, this.#clock);
      state = Object.freeze({
        plugin,
        mappings,
        journal: new WriteJournal(storage, plugin, mappings, this.#clock),
        watermarks: new Watermarks(storage, plugin, this.#clock),
        bookmarks: new Bookmarks(storage, plugin, this.#clock),
        atomic: <T>(fn: () => Promise<T>) => storage.write(fn),
      });
      this.#plugins.set(plugin, state);
    }
    return state;
  }

  /** Runs `fn` as one transaction across plugins. */
  async atomic<T>(fn: () => Promise<T>): Promise<T> {
    return this.#storage.write(fn);
  }

  async close(): Promise<void> {
    if (this.#ownsStorage) await this.#storage.close();
  }
}
