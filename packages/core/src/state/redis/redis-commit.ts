/**
 * How the Redis state store writes: every write is a list of operations committed by one Lua script
 * (all of them or none — Redis runs a script without interleaving anything), after the script checked
 * two kinds of precondition:
 * - guards: each hash field the writer read still holds what it read (optimistic concurrency: on a
 *   change the whole update runs again from its reads, like WATCH … MULTI/EXEC — see `atomic`);
 * - the fences: while the call chain holds Redis run locks (lock-context.ts: a pipeline lock, and the
 *   item's lock around each item's writes), each lock's key must still hold this holder's value,
 *   fencing token included. A worker that was paused past its lock's expiry,
 *   and whose lock another worker took, cannot commit a journal entry or a mapping: ESTATE_LOCK_LOST.
 *
 * `atomic(fn)` is StateStore.atomic on Redis: the writes of `fn` are collected (reads inside `fn` see
 * them) and committed as one script when `fn` returns; nothing is written if `fn` throws. What it cannot
 * be is an interactive transaction: a read inside `fn` sees the state before the block plus the block's
 * own writes, and if another process changes a value `fn` read before the commit, `fn` runs again (so
 * `fn` must only read and write state). Listing (`entries`, `count`) inside `fn` is refused: a listing
 * cannot be guarded, and no caller needs it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Redis } from 'ioredis';
import { createError } from '../../errors/index.js';
import { stateError } from '../../storage/storage-errors.js';
import { heldLocks, lockLost } from '../lock-context.js';

export type Op =
  | [op: 'hset', key: string, field: string, value: string]
  | [op: 'hdel', key: string, field: string]
  | [op: 'zadd', key: string, score: string, member: string]
  | [op: 'zrem', key: string, member: string]
  | [op: 'sadd', key: string, member: string]
  | [op: 'srem', key: string, member: string];

/** The hash field `field` of `key` holds `value` (null: no such field). */
export interface Guard {
  key: string;
  field: string;
  value: string | null;
}

const COMMIT_LUA = `
local spec = cjson.decode(ARGV[1])
for i, f in ipairs(spec.fences) do
  if redis.call('GET', KEYS[f[1]]) ~= f[2] then return redis.error_reply('GLUEFLOW_FENCED ' .. i) end
end
for _, g in ipairs(spec.guards) do
  local v = redis.call('HGET', KEYS[g[1]], g[2])
  if g[3] == cjson.null then
    if v then return redis.error_reply('GLUEFLOW_CONFLICT') end
  elseif v ~= g[3] then
    return redis.error_reply('GLUEFLOW_CONFLICT')
  end
end
for _, op in ipairs(spec.ops) do
  local name, key = op[1], KEYS[op[2]]
  if name == 'hset' then redis.call('HSET', key, op[3], op[4])
  elseif name == 'hdel' then redis.call('HDEL', key, op[3])
  elseif name == 'zadd' then redis.call('ZADD', key, op[3], op[4])
  elseif name == 'zrem' then redis.call('ZREM', key, op[3])
  elseif name == 'sadd' then redis.call('SADD', key, op[3])
  elseif name == 'srem' then redis.call('SREM', key, op[3])
  end
end
return #spec.ops
`;

/** How often an update whose reads changed under it runs again before ESTATE_CONFLICT. */
const MAX_ATTEMPTS = 20;

class Batch {
  readonly ops: Op[] = [];
  readonly guards: Guard[] = [];
  /** What this batch wrote, by `key\nfield` (null: deleted), so its own reads see it. */
  readonly written = new Map<string, string | null>();
  constructor(readonly owner: RedisCommitter) {}
}

type CommitClient = Redis & { glueflowStateCommit(keyCount: number, ...args: string[]): Promise<number> };

export class RedisCommitter {
  readonly #batch = new AsyncLocalStorage<Batch>();
  readonly #redis: CommitClient;

  constructor(
    redis: Redis,
    readonly where: string,
  ) {
    // EVALSHA, loading the script again after a Redis restart emptied its script cache (NOSCRIPT).
    if (!('glueflowStateCommit' in redis)) redis.defineCommand('glueflowStateCommit', { lua: COMMIT_LUA });
    this.#redis = redis as CommitClient;
  }

  get redis(): Redis {
    return this.#redis;
  }

  /**
   * Runs `fn` collecting its writes, then commits them as one script (see the file's comment);
   * `fenced: false` for what must land even after the run lost its lock (the run history).
   */
  async atomic<T>(fn: () => Promise<T>, { fenced = true }: { fenced?: boolean } = {}): Promise<T> {
    if (this.#current()) return fn(); // joins the enclosing block, as SQLite's nested write() does
    for (let attempt = 1; ; attempt++) {
      const batch = new Batch(this);
      const result = await this.#batch.run(batch, fn);
      try {
        if (batch.ops.length > 0) await this.commit(batch.ops, batch.guards, fenced);
        return result;
      } catch (error) {
        if (!isReply(error, 'GLUEFLOW_CONFLICT')) throw error;
        if (attempt >= MAX_ATTEMPTS) {
          throw createError('ESTATE_CONFLICT', { where: this.where, attempts: attempt }, { cause: error });
        }
      }
    }
  }

  /** A hash field; inside `atomic`, the block's own write or a guarded read of the stored value. */
  async read(key: string, field: string): Promise<string | null> {
    const batch = this.#current();
    const mine = batch?.written.get(`${key}\n${field}`);
    if (mine !== undefined) return mine;
    const value = await this.#redis.hget(key, field);
    batch?.guards.push({ key, field, value });
    return value;
  }

  /** Adds writes to the enclosing `atomic` block (every write method of the Redis store runs in one). */
  queue(...ops: Op[]): void {
    const batch = this.#current();
    if (!batch) throw new Error('RedisCommitter.queue outside atomic()'); // a bug here, not a user error
    for (const op of ops) {
      batch.ops.push(op);
      if (op[0] === 'hset') batch.written.set(`${op[1]}\n${op[2]}`, op[3]);
      if (op[0] === 'hdel') batch.written.set(`${op[1]}\n${op[2]}`, null);
    }
  }

  /** Refuses what cannot be guarded inside an `atomic` block (listings). */
  outsideAtomic(what: string): void {
    if (this.#current()) {
      throw stateError(
        `${what} inside atomic() on Redis`,
        'atomic() blocks that read and write single entries; list before or after the block',
        this.where,
      );
    }
  }

  /**
   * Commits `ops` in one script if every guard holds and, unless `fenced` is false, each run lock the call
   * chain holds is still this holder's. GLUEFLOW_CONFLICT when a guard failed; ESTATE_LOCK_LOST (naming the
   * lock) when fenced out.
   */
  async commit(ops: Op[], guards: Guard[] = [], fenced = true): Promise<void> {
    const keys: string[] = [];
    const index = new Map<string, number>();
    const slot = (key: string) => {
      let at = index.get(key);
      if (at === undefined) index.set(key, (at = keys.push(key)));
      return at;
    };
    const locks = fenced ? heldLocks().filter((lock) => lock.fence) : [];
    const spec = {
      fences: locks.map((lock) => [slot(lock.fence!.key), lock.fence!.value]),
      guards: guards.map((g) => [slot(g.key), g.field, g.value]),
      ops: ops.map(([name, key, ...rest]) => [name, slot(key), ...rest]),
    };
    try {
      await this.#redis.glueflowStateCommit(keys.length, ...keys, JSON.stringify(spec));
    } catch (error) {
      const fenced = error instanceof Error ? /GLUEFLOW_FENCED (\d+)/.exec(error.message) : null;
      const lost = fenced ? locks[Number(fenced[1]) - 1] : undefined;
      if (lost) throw lockLost(lost);
      throw error;
    }
  }

  #current(): Batch | undefined {
    const batch = this.#batch.getStore();
    return batch?.owner === this ? batch : undefined;
  }
}

function isReply(error: unknown, code: string): boolean {
  return error instanceof Error && error.message.includes(code); // "ERR GLUEFLOW_…" on Redis 7
}
