/**
 * The rate budget in Redis: one sliding window per API key digest (never the key), shared by every
 * process on every machine that points at the same Redis. Layout per digest `k`:
 *   glueflow:budget:{k}:grants  ZSET  member = grant id, score = when it counts (ms)
 *   glueflow:budget:{k}:state   HASH  the policy's BudgetState (learned limit, pause, streak …)
 *   glueflow:budget:{k}:seq     grant ids
 *
 * Atomic by check-and-set (WATCH … MULTI/EXEC, Redis's optimistic locking): an operation reads the
 * window and state under WATCH, lets policy.ts decide — the very functions the SQLite and memory
 * stores use — and commits only if no other process touched the two keys meanwhile, else reads again.
 * Why not one Lua script: the decision (pacing, learned limits, pauses, recovery, backoff streaks) would
 * be a second implementation of policy.ts in another language, free to drift from the one that is
 * tested; check-and-set gives the same all-or-nothing result with one policy. A round trip on a LAN is
 * well under the 100 ms between requests at IT Glue's rate, so retries are rare and short.
 *
 * Redis down: ioredis keeps reconnecting and holds commands until it is back, so callers wait — no
 * request is sent without a grant. Operations are serialized per store (WATCH state is per connection).
 */
import type { Redis as RedisClient } from 'ioredis';
import { createError } from '../errors/index.js';
import { describeRedisUrl, REDIS_CLIENT_OPTIONS } from '../redis-connection.js';
import {
  applyHeaders,
  applySettle,
  applyThrottle,
  decideAcquire,
  recentStart,
  toSnapshot,
  windowStart,
} from './policy.js';
import { INITIAL_STATE } from './types.js';
import type {
  AcquireResult,
  BudgetLimits,
  BudgetSnapshot,
  BudgetState,
  HeaderReport,
  RateBudgetStore,
  SettleOutcome,
  ThrottleEvent,
  WindowFacts,
} from './types.js';

/** Check-and-set attempts before giving up with EBUDGET_STORE (each loses only to a real write). */
const MAX_ATTEMPTS = 50;
/** Budget keys outlive their last use by this much (a learned limit is remembered a day). */
const KEEP_MS = 86_400_000;

const STATE_FIELDS = [
  'learnedLimit',
  'headerLimit',
  'pausedUntil',
  'lastThrottleAt',
  'lastRecoveryAt',
  'lastGrantAt',
  'throttles',
  'backoffStreak',
] as const satisfies ReadonlyArray<keyof BudgetState>;

export interface RedisStoreOptions {
  /** Key prefix (default `glueflow:budget`), e.g. to share one Redis between environments. */
  prefix?: string;
}

export class RedisRateBudgetStore implements RateBudgetStore {
  #turn: Promise<unknown> = Promise.resolve();
  readonly #prefix: string;

  private constructor(
    private readonly redis: RedisClient,
    private readonly where: string,
    options: RedisStoreOptions,
  ) {
    this.#prefix = options.prefix ?? 'glueflow:budget';
  }

  /**
   * Connects to `url` (`redis://`, `rediss://`). ioredis is loaded only here, so a user of the SQLite
   * store never needs it installed.
   */
  static async connect(url: string, options: RedisStoreOptions = {}): Promise<RedisRateBudgetStore> {
    const where = describeRedisUrl(url);
    try {
      const { Redis } = await import('ioredis');
      const redis = new Redis(url, { ...REDIS_CLIENT_OPTIONS, lazyConnect: true });
      redis.on('error', () => undefined); // reconnects on its own; a failing command reports
      await redis.connect();
      return new RedisRateBudgetStore(redis, where, options);
    } catch (error) {
      throw createError('EBUDGET_STORE', { file: where, reason: (error as Error).message }, { cause: error });
    }
  }

  /** Over a connection the caller owns (and closes). */
  static over(redis: RedisClient, options: RedisStoreOptions = {}): RedisRateBudgetStore {
    const store = new RedisRateBudgetStore(redis, 'redis', options);
    store.#owned = false;
    return store;
  }
  #owned = true;

  tryAcquire(key: string, limits: BudgetLimits, asked: number): Promise<AcquireResult> {
    return this.#atomically(key, async (k) => {
      // Another process may have granted at a later time than `asked` (read before we waited our turn).
      const latest = await this.redis.zrange(k.grants, -1, -1, 'WITHSCORES');
      const now = Math.max(asked, latest[1] === undefined ? asked : Number(latest[1]));
      const start = windowStart(limits, now);
      const state = await this.#state(k);
      const facts = await this.#since(k, start);
      const decision = decideAcquire(state, facts, limits, now);
      const grantId = decision.granted ? await this.redis.incr(k.seq) : undefined;
      const tx = this.redis.multi().zremrangebyscore(k.grants, '-inf', start);
      if (grantId !== undefined) {
        tx.zadd(k.grants, now, String(grantId));
        facts.count += 1;
        facts.oldestAt ??= now;
      }
      if (decision.next !== state) tx.hset(k.state, encodeState(decision.next));
      keep(tx, k);
      const result: AcquireResult = {
        granted: decision.granted,
        waitMs: decision.waitMs,
        snapshot: toSnapshot(decision.next, facts, limits, now),
      };
      if (now !== asked) result.at = now;
      if (decision.reason) result.reason = decision.reason;
      if (grantId !== undefined) result.grantId = grantId;
      return { tx, result };
    });
  }

  settle(key: string, grantId: number, at: number, outcome?: SettleOutcome): Promise<void> {
    return this.#atomically(key, async (k) => {
      // XX GT: only an existing grant, only later (an answer can count it later, never earlier).
      const tx = this.redis.multi().zadd(k.grants, 'XX', 'GT', at, String(grantId));
      if (outcome) {
        const state = await this.#state(k);
        const next = applySettle(state, outcome);
        if (next !== state) tx.hset(k.state, encodeState(next));
      }
      return { tx, result: undefined };
    });
  }

  recordThrottle(key: string, limits: BudgetLimits, event: ThrottleEvent): Promise<BudgetSnapshot> {
    return this.#atomically(key, async (k) => {
      const state = await this.#state(k);
      const facts: WindowFacts = await this.#since(k, windowStart(limits, event.at));
      facts.recent = await this.#since(k, recentStart(limits, event.at));
      const next = applyThrottle(state, facts, limits, event);
      const tx = this.redis.multi().hset(k.state, encodeState(next));
      keep(tx, k);
      return { tx, result: toSnapshot(next, facts, limits, event.at) };
    });
  }

  recordHeaders(key: string, limits: BudgetLimits, report: HeaderReport): Promise<void> {
    return this.#atomically(key, async (k) => {
      const state = await this.#state(k);
      const facts = await this.#since(k, windowStart(limits, report.at));
      const { next, phantoms } = applyHeaders(state, facts, limits, report);
      const tx = this.redis.multi();
      if (next !== state) tx.hset(k.state, encodeState(next));
      if (phantoms > 0) {
        // Requests the server counted that we did not (another tool on the same key): fill the window.
        const first = await this.redis.incrby(k.seq, phantoms);
        for (let i = 0; i < phantoms; i++) tx.zadd(k.grants, report.at, String(first - i));
      }
      keep(tx, k);
      return { tx, result: undefined };
    });
  }

  snapshot(key: string, limits: BudgetLimits, now: number): Promise<BudgetSnapshot> {
    return this.#serial(async () => {
      const k = this.#keys(key);
      const state = await this.#state(k);
      return toSnapshot(state, await this.#since(k, windowStart(limits, now)), limits, now);
    });
  }

  async close(): Promise<void> {
    await this.#turn.catch(() => undefined);
    if (this.#owned) await this.redis.quit().catch(() => this.redis.disconnect());
  }

  /**
   * One check-and-set: WATCH the window and state, build the transaction from what was read, EXEC;
   * EXEC answers null when another process wrote either key meanwhile — then read and decide again.
   */
  #atomically<T>(
    key: string,
    attempt: (k: BudgetKeys) => Promise<{ tx: ReturnType<RedisClient['multi']>; result: T }>,
  ): Promise<T> {
    return this.#serial(async () => {
      const k = this.#keys(key);
      for (let tries = 1; ; tries++) {
        await this.redis.watch(k.grants, k.state);
        const { tx, result } = await attempt(k).catch(async (error: unknown) => {
          await this.redis.unwatch();
          throw error;
        });
        if ((await tx.exec()) !== null) return result;
        if (tries >= MAX_ATTEMPTS) {
          throw new Error(`${MAX_ATTEMPTS} concurrent writers in a row: the budget could not be updated`);
        }
      }
    });
  }

  /** One operation at a time on this connection (WATCH belongs to the connection). */
  #serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#turn.then(work, work).catch((error: unknown) => {
      throw createError(
        'EBUDGET_STORE',
        { file: this.where, reason: (error as Error).message },
        { cause: error },
      );
    });
    this.#turn = run.catch(() => undefined);
    return run;
  }

  #keys(key: string): BudgetKeys {
    const base = `${this.#prefix}:{${key}}`; // {…}: one hash slot per key on Redis Cluster
    return { grants: `${base}:grants`, state: `${base}:state`, seq: `${base}:seq` };
  }

  async #state(k: BudgetKeys): Promise<BudgetState> {
    const hash = await this.redis.hgetall(k.state);
    if (Object.keys(hash).length === 0) return INITIAL_STATE;
    const state = { ...INITIAL_STATE } as Record<(typeof STATE_FIELDS)[number], number | null>;
    for (const field of STATE_FIELDS) {
      const raw = hash[field];
      if (raw === undefined) continue;
      state[field] = raw === '' ? null : Number(raw);
    }
    return state as unknown as BudgetState;
  }

  /** Count and oldest of the grants after `start`. */
  async #since(k: BudgetKeys, start: number): Promise<{ count: number; oldestAt: number | null }> {
    const [count, oldest] = await Promise.all([
      this.redis.zcount(k.grants, `(${start}`, '+inf'),
      this.redis.zrangebyscore(k.grants, `(${start}`, '+inf', 'WITHSCORES', 'LIMIT', 0, 1),
    ]);
    return { count, oldestAt: oldest[1] === undefined ? null : Number(oldest[1]) };
  }
}

interface BudgetKeys {
  grants: string;
  state: string;
  seq: string;
}

function encodeState(state: BudgetState): Record<string, string> {
  const out: Record<string, string> = {};
  for (const field of STATE_FIELDS) out[field] = state[field] === null ? '' : String(state[field]);
  return out;
}

function keep(tx: ReturnType<RedisClient['multi']>, k: BudgetKeys): void {
  tx.pexpire(k.grants, KEEP_MS).pexpire(k.state, KEEP_MS).pexpire(k.seq, KEEP_MS);
}
