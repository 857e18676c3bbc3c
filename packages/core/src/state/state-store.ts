/**
 * The state store: durable state — mappings, the write journal, watermarks, bookmarks, the run history
 * and the run locks. By default in the instance's SQLite file, next to the cache but in its own
 * namespaces (clearing the cache never touches it), safe for several processes on one file: every
 * update is one transaction that waits for a busy file and retries. With a Redis URL (docs/scale-out.md)
 * in Redis instead, shared by every machine (redis/). The tables are written once over either backend
 * (state-backend.ts); `mappings` and `journal` implement the write gate's MappingStore and WriteJournal.
 */
import type { Redis } from 'ioredis';
import { GlueflowStorage, type StorageOptions } from '../storage/glueflow-storage.js';
import { JournalTable } from './journal-table.js';
import { MappingTable } from './mapping-table.js';
import { BookmarkTable, WatermarkTable } from './named-values.js';
import { SqliteRunHistory, type RunHistory } from './run-history.js';
import { SqliteRunLocks, type RunLocks } from './run-lock.js';
import { forPlugin, type PluginState } from './plugin-state.js';
import { sqliteBackend } from './sqlite-backend.js';
import type { StateBackend } from './state-backend.js';
import { STATE_SCHEMA } from './state-schema.js';
import { connectRedis, describeRedisUrl, redisBackend } from './redis/redis-backend.js';
import { RedisCommitter } from './redis/redis-commit.js';
import { RedisKeys } from './redis/redis-keys.js';
import { RedisRunHistory } from './redis/redis-run-history.js';
import { RedisRunLocks, type RedisRunLockOptions } from './redis/redis-run-locks.js';

export interface StateStoreOptions {
  /** Milliseconds since the epoch, for timestamps; injected so tests control time. */
  clock?: () => number;
}

export interface RedisStateOptions extends StateStoreOptions {
  /** The IT Glue instance: its state is kept under its own keys (redis/redis-keys.ts). */
  instance: string;
  /** Run-lock expiry and heartbeat (tests shorten them). */
  locks?: RedisRunLockOptions;
  /** Whether a pid on this host is alive, for the run history (injected in tests). */
  alive?: (pid: number) => boolean;
}

interface Parts {
  backend: StateBackend;
  shared: boolean;
  clock: () => number;
  history: RunHistory;
  locks: () => Promise<RunLocks>;
  close: () => Promise<void>;
}

export class StateStore {
  readonly mappings: MappingTable;
  readonly journal: JournalTable;
  readonly watermarks: WatermarkTable;
  readonly bookmarks: BookmarkTable;
  readonly history: RunHistory;
  readonly #parts: Parts;
  #locks: Promise<RunLocks> | undefined;

  private constructor(parts: Parts) {
    this.#parts = parts;
    this.history = parts.history;
    this.mappings = new MappingTable(parts.backend);
    this.journal = new JournalTable(parts.backend, this.mappings, parts.clock);
    this.watermarks = new WatermarkTable(parts.backend);
    this.bookmarks = new BookmarkTable(parts.backend);
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
    return new StateStore({
      backend: sqliteBackend(storage, clock),
      shared: false,
      clock,
      history: await SqliteRunHistory.over(storage, { clock }),
      locks: () => SqliteRunLocks.over(storage),
      close: async () => {
        if (ownsStorage) await storage.close();
      },
    });
  }

  /**
   * The state of `instance` in the Redis at `url` (or on a connection the caller owns and closes),
   * shared by every process and machine pointed at it; `close()` closes the connection it opened.
   */
  static async onRedis(url: string | Redis, options: RedisStateOptions): Promise<StateStore> {
    const redis = typeof url === 'string' ? await connectRedis(url) : url;
    const where = typeof url === 'string' ? describeRedisUrl(url) : 'redis';
    const clock = options.clock ?? Date.now;
    const keys = new RedisKeys(options.instance);
    const commits = new RedisCommitter(redis, where);
    return new StateStore({
      backend: redisBackend(commits, keys, clock),
      shared: true,
      clock,
      history: new RedisRunHistory(commits, keys, clock, options.alive),
      locks: async () => new RedisRunLocks(redis, keys, options.locks),
      close: async () => {
        if (typeof url === 'string') await redis.quit().catch(() => redis.disconnect());
      },
    });
  }

  /**
   * Shared by processes on other machines (Redis): runs there may write the same items at once (split
   * runs' batches beside a whole run), so the runtime writes each item under its own lock.
   */
  get shared(): boolean {
    return this.#parts.shared;
  }

  /** The SQLite file, or `redis://host:port` (no password) when the state is in Redis. */
  get file(): string {
    return this.#parts.backend.where;
  }

  /** The run locks kept with this state (`Runtime.run` holds `pipeline:<name>`). */
  locks(): Promise<RunLocks> {
    return (this.#locks ??= this.#parts.locks());
  }

  /** One plugin's view, every call bound to it (what a step gets as `context.state`). */
  forPlugin(plugin: string): PluginState {
    return forPlugin(this, plugin);
  }

  /**
   * Runs `fn` so that every update inside lands together or not at all. SQLite: one transaction. Redis:
   * the writes of `fn` are committed by one script when it returns, if nothing it read changed meanwhile
   * (else `fn` runs again) — so `fn` must only read and write state, and cannot list inside the block
   * (redis/redis-commit.ts says why).
   */
  async atomic<T>(fn: () => Promise<T>): Promise<T> {
    return this.#parts.backend.atomic(fn);
  }

  async close(): Promise<void> {
    await this.#parts.close();
  }
}
