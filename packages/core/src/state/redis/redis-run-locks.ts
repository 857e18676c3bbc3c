/**
 * Run locks in Redis, shared by every machine of an instance: `pipeline:nightly` is held by one process
 * at a time, whichever machine it runs on. A lock is a key with an expiry (SET NX PX, inside the acquire
 * script), renewed by a heartbeat that extends it only while it still holds this holder's value
 * (compare-and-pexpire) and released only by its holder (compare-and-delete). A holder that dies stops
 * renewing, and its lock expires after `ttlMs`; on its own host, a dead pid frees it at once, as with
 * the SQLite lock.
 *
 * Fencing: each acquire takes the next number of the lock's counter (INCR), and the key's value carries
 * it. A holder that was paused (GC, a suspended VM, a cut network) past the expiry may wake up thinking
 * it still holds the lock; it cannot act on it — its state commits check the key still holds its value
 * (redis-commit.ts) and the write gate asks `stillHeld()` before each IT Glue write (lock-context.ts).
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { Redis } from 'ioredis';
import { pidAlive, takeWaiting } from '../run-lock.js';
import type { AcquireOptions, HeldRunLock, RunLockHolder, RunLocks } from '../run-lock.js';
import type { RedisKeys } from './redis-keys.js';

/** How long a lock lives without a heartbeat: a dead holder's lock frees itself after this. */
export const LOCK_TTL_MS = 30_000;

// KEYS: lock, fence counter. ARGV: holder JSON, ttl. The value is "<token>:<holder JSON>".
const ACQUIRE_LUA = `
local current = redis.call('GET', KEYS[1])
if current then return {0, current} end
local value = redis.call('INCR', KEYS[2]) .. ':' .. ARGV[1]
redis.call('SET', KEYS[1], value, 'PX', ARGV[2])
return {1, value}
`;
const RENEW_LUA = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`;
const RELEASE_LUA = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

type LockClient = Redis & {
  glueflowLockAcquire(lock: string, fence: string, holder: string, ttl: number): Promise<[0 | 1, string]>;
  glueflowLockRenew(lock: string, value: string, ttl: number): Promise<number>;
  glueflowLockRelease(lock: string, value: string): Promise<number>;
};

export interface RedisRunLockOptions {
  /** Expiry without a heartbeat (default 30 s). */
  ttlMs?: number;
  /** Renewal interval (default a third of `ttlMs`); tests stop it to play a paused worker. */
  heartbeatMs?: number;
  now?: () => number;
  /** Whether a pid on this host is alive (injected in tests). */
  alive?: (pid: number) => boolean;
}

interface StoredHolder {
  id: string;
  pid: number;
  host: string;
  startedAt: number;
}

export class RedisRunLocks implements RunLocks {
  readonly #host = os.hostname();
  readonly #redis: LockClient;
  readonly #ttlMs: number;
  readonly #heartbeatMs: number;
  readonly #now: () => number;
  readonly #alive: (pid: number) => boolean;

  constructor(
    redis: Redis,
    private readonly keys: RedisKeys,
    options: RedisRunLockOptions = {},
  ) {
    for (const [name, lua, numberOfKeys] of [
      ['glueflowLockAcquire', ACQUIRE_LUA, 2],
      ['glueflowLockRenew', RENEW_LUA, 1],
      ['glueflowLockRelease', RELEASE_LUA, 1],
    ] as const) {
      if (!(name in redis)) redis.defineCommand(name, { lua, numberOfKeys });
    }
    this.#redis = redis as LockClient;
    this.#ttlMs = options.ttlMs ?? LOCK_TTL_MS;
    this.#heartbeatMs = options.heartbeatMs ?? Math.max(1, Math.floor(this.#ttlMs / 3));
    this.#now = options.now ?? Date.now;
    this.#alive = options.alive ?? pidAlive;
  }

  async acquire(name: string, options: AcquireOptions = {}): Promise<HeldRunLock> {
    const key = this.keys.lock(name);
    const me: StoredHolder = { id: randomUUID(), pid: process.pid, host: this.#host, startedAt: this.#now() };
    let value = '';
    const take = async (): Promise<RunLockHolder | null> => {
      const [taken, current] = await this.#redis.glueflowLockAcquire(
        key,
        this.keys.fence(name),
        JSON.stringify(me),
        this.#ttlMs,
      );
      if (taken === 1) {
        value = current;
        return null;
      }
      const holder = parse(current);
      // Its process is gone (killed on this very host): free the lock now rather than after the ttl.
      if (holder.host === this.#host && !this.#alive(holder.pid)) {
        if ((await this.#redis.glueflowLockRelease(key, current)) === 1) return take();
      }
      return holderOf(holder);
    };
    await takeWaiting(name, options, this.#now, take);
    return this.#held(name, key, value);
  }

  async holder(name: string): Promise<RunLockHolder | null> {
    const current = await this.#redis.get(this.keys.lock(name));
    if (current === null) return null;
    const holder = parse(current);
    return holder.host === this.#host && !this.#alive(holder.pid) ? null : holderOf(holder);
  }

  #held(name: string, key: string, value: string): HeldRunLock {
    let lost = false;
    let released = false;
    let renewing = false;
    const heartbeat = setInterval(() => {
      if (renewing) return; // a renewal still waits (Redis restarting): one at a time
      renewing = true;
      this.#redis
        .glueflowLockRenew(key, value, this.#ttlMs)
        .then((renewed) => {
          if (renewed === 0) lost = true;
        })
        .catch(() => undefined)
        .finally(() => (renewing = false));
    }, this.#heartbeatMs);
    heartbeat.unref();
    return {
      name,
      fence: { key, value, token: Number(value.slice(0, value.indexOf(':'))) },
      stillHeld: async () => {
        if (lost || released) return false;
        lost = (await this.#redis.get(key)) !== value;
        return !lost;
      },
      release: async () => {
        if (released) return;
        released = true;
        clearInterval(heartbeat);
        await this.#redis.glueflowLockRelease(key, value);
      },
    };
  }
}

function parse(value: string): StoredHolder {
  return JSON.parse(value.slice(value.indexOf(':') + 1)) as StoredHolder;
}

function holderOf(holder: StoredHolder): RunLockHolder {
  return { pid: holder.pid, host: holder.host, startedAt: new Date(holder.startedAt).toISOString() };
}
