/**
 * One run of a pipeline at a time per instance. Two `glueflow run` of the same pipeline over one
 * GLUEFLOW_HOME (cron overlapping a slow night, a person starting one by hand) both find "no
 * mapping yet" for the same items and both create them: 40 files became 80 records. The lock is a
 * row in the instance's SQLite file, taken in an IMMEDIATE transaction (so two processes cannot both
 * see it free), holding who has it: pid, host, start time, and a heartbeat.
 *
 * A holder that died is detected: on this host by asking the OS whether its pid is alive; on another
 * host (a shared file) by a heartbeat older than STALE_AFTER_MS. Either way the lock is taken over.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { createError } from '../errors/index.js';
import type { GlueflowStorage } from '../storage/glueflow-storage.js';

export const RUN_LOCK_SCHEMA: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS run_locks (
     name TEXT PRIMARY KEY,
     token TEXT NOT NULL,
     pid INTEGER NOT NULL,
     host TEXT NOT NULL,
     started_at INTEGER NOT NULL,
     heartbeat_at INTEGER NOT NULL
   )`,
];

const HEARTBEAT_MS = 10_000;
const STALE_AFTER_MS = 60_000;
const POLL_MS = 250;

export interface RunLockHolder {
  pid: number;
  host: string;
  startedAt: string;
}

export interface AcquireOptions {
  /** How long to wait for a busy lock before EPIPELINE_BUSY (default 0: refuse at once). */
  waitMs?: number;
  signal?: AbortSignal;
}

export interface HeldRunLock {
  readonly name: string;
  /**
   * Whether this holder still has the lock, asked right before each IT Glue write (lock-context.ts):
   * false once it expired and another process took it, so a paused worker writes nothing after.
   */
  stillHeld(): Promise<boolean>;
  /**
   * Redis locks: the lock's key and this holder's value (with its fencing token). State written while
   * holding the lock is committed only if the key still holds this value (redis/redis-commit.ts).
   */
  readonly fence?: { key: string; value: string; token: number };
  release(): Promise<void>;
}

/** One run of a pipeline at a time: in the instance's SQLite file, or in Redis (redis/redis-run-locks.ts). */
export interface RunLocks {
  /** Takes the lock `name` (e.g. `pipeline:nightly`), waiting up to `waitMs`; EPIPELINE_BUSY otherwise. */
  acquire(name: string, options?: AcquireOptions): Promise<HeldRunLock>;
  /** Who holds `name` now (null when free or held by a dead process). */
  holder(name: string): Promise<RunLockHolder | null>;
}

interface LockRow {
  token: string;
  pid: number;
  host: string;
  started_at: number;
  heartbeat_at: number;
}

export class SqliteRunLocks implements RunLocks {
  readonly #host = os.hostname();

  private constructor(
    private readonly storage: GlueflowStorage,
    private readonly now: () => number,
    /** Whether a pid on this host is alive (injected in tests). */
    private readonly alive: (pid: number) => boolean,
  ) {}

  static async over(
    storage: GlueflowStorage,
    options: { now?: () => number; alive?: (pid: number) => boolean } = {},
  ): Promise<SqliteRunLocks> {
    await storage.ensureSchema('run-locks', RUN_LOCK_SCHEMA);
    return new SqliteRunLocks(storage, options.now ?? Date.now, options.alive ?? pidAlive);
  }

  async acquire(name: string, options: AcquireOptions = {}): Promise<HeldRunLock> {
    const token = randomUUID();
    await takeWaiting(name, options, this.now, () => this.#tryTake(name, token));
    const heartbeat = setInterval(() => {
      void this.storage
        .write(() =>
          this.storage.all('UPDATE run_locks SET heartbeat_at = ? WHERE name = ? AND token = ?', [
            this.now(),
            name,
            token,
          ]),
        )
        .catch(() => undefined);
    }, HEARTBEAT_MS);
    heartbeat.unref();
    let released = false;
    return {
      name,
      stillHeld: async () => {
        if (released) return false;
        const [row] = await this.storage.all<{ token: string }>(
          'SELECT token FROM run_locks WHERE name = ?',
          [name],
        );
        return row?.token === token;
      },
      release: async () => {
        if (released) return;
        released = true;
        clearInterval(heartbeat);
        await this.storage.write(() =>
          this.storage.all('DELETE FROM run_locks WHERE name = ? AND token = ?', [name, token]),
        );
      },
    };
  }

  async holder(name: string): Promise<RunLockHolder | null> {
    const [row] = await this.storage.all<LockRow>('SELECT * FROM run_locks WHERE name = ?', [name]);
    return row && !this.#stale(row) ? holderOf(row) : null;
  }

  /** Null when taken; the live holder otherwise. */
  async #tryTake(name: string, token: string): Promise<RunLockHolder | null> {
    return this.storage.write(async () => {
      const [row] = await this.storage.all<LockRow>('SELECT * FROM run_locks WHERE name = ?', [name]);
      if (row && !this.#stale(row)) return holderOf(row);
      const at = this.now();
      await this.storage.all(
        `INSERT INTO run_locks (name, token, pid, host, started_at, heartbeat_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT(name) DO UPDATE SET token = excluded.token, pid = excluded.pid, host = excluded.host,
           started_at = excluded.started_at, heartbeat_at = excluded.heartbeat_at`,
        [name, token, process.pid, this.#host, at, at],
      );
      return null;
    });
  }

  #stale(row: LockRow): boolean {
    if (row.host === this.#host) return !this.alive(row.pid);
    return this.now() - row.heartbeat_at > STALE_AFTER_MS;
  }
}

function holderOf(row: LockRow): RunLockHolder {
  return { pid: row.pid, host: row.host, startedAt: new Date(row.started_at).toISOString() };
}

/**
 * Tries `tryTake` (null: taken; else who holds it) until it takes the lock or `waitMs` runs out, then
 * EPIPELINE_BUSY naming the holder. Shared by the SQLite and Redis locks.
 */
export async function takeWaiting(
  name: string,
  options: AcquireOptions,
  now: () => number,
  tryTake: () => Promise<RunLockHolder | null>,
): Promise<void> {
  const deadline = now() + (options.waitMs ?? 0);
  for (;;) {
    const holder = await tryTake();
    if (!holder) return;
    if (options.signal?.aborted || now() >= deadline) {
      throw createError('EPIPELINE_BUSY', { lock: name, ...holder });
    }
    await sleep(Math.min(POLL_MS, Math.max(1, deadline - now())), options.signal);
  }
}

/** `kill(pid, 0)` sends nothing: it only asks whether the process exists (EPERM: it does, not ours). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Waits `ms`, or less when `signal` aborts; never rejects (Node's own timer, no listener left behind). */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return delay(ms, undefined, signal ? { signal } : {}).catch(() => undefined);
}
