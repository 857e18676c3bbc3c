/**
 * The run history in Redis, with the SQLite history's API and rules (run-history.ts): a run is recorded
 * when it starts (`running`, pid and host) and completed when it ends; a run of this host whose process
 * died is settled as `interrupted`; retention keeps the newest `keep` per pipeline and nothing older
 * than `maxAgeDays`. Rows are the SQLite row's fields as JSON, so both read back through `recordOf`.
 *
 *   history:seq            run ids (INCR)            history:runs      HASH id → row JSON
 *   history:ids            ZSET every id (score id)  history:started   ZSET id, score = start (ms)
 *   history:pipeline:<p>   ZSET ids of a pipeline    history:pipelines SET pipeline names
 *   history:running        SET ids still running
 *
 * History writes are not fenced by the run lock: a run that lost its lock must still record how it ended.
 */
import os from 'node:os';
import { pidAlive } from '../run-lock.js';
import { abandonedOutcome, DAY_MS, recordOf } from '../run-history.js';
import type { HistoryRow, RunHistory } from '../run-history.js';
import type { HistoryRetention, RunFilter, RunOutcome, RunRecord, RunStart } from '../run-history-types.js';
import type { Op, RedisCommitter } from './redis-commit.js';
import type { RedisKeys } from './redis-keys.js';

const PAGE = 200;

export class RedisRunHistory implements RunHistory {
  readonly #host = os.hostname();
  readonly #k: (part: string) => string;

  constructor(
    private readonly commits: RedisCommitter,
    keys: RedisKeys,
    private readonly now: () => number,
    private readonly alive: (pid: number) => boolean = pidAlive,
  ) {
    this.#k = (part) => keys.history(part);
  }

  async start(run: RunStart): Promise<number> {
    const id = await this.commits.redis.incr(this.#k('seq'));
    const row: HistoryRow = {
      id,
      kind: run.kind,
      pipeline: run.pipeline,
      dry_run: run.dryRun ? 1 : 0,
      status: 'running',
      started_at: this.now(),
      ended_at: null,
      pid: process.pid,
      host: this.#host,
      outcome: null,
    };
    const member = String(id);
    await this.commits.commit(
      [
        ['hset', this.#k('runs'), member, JSON.stringify(row)],
        ['zadd', this.#k('ids'), member, member],
        ['zadd', this.#k(`pipeline:${encodeURIComponent(run.pipeline)}`), member, member],
        ['sadd', this.#k('pipelines'), run.pipeline],
        ['zadd', this.#k('started'), String(row.started_at), member],
        ['sadd', this.#k('running'), member],
      ],
      [],
      false,
    );
    return id;
  }

  async finish(id: number, outcome: RunOutcome): Promise<void> {
    await this.#update(id, () => ({
      status: outcome.status,
      ended_at: this.now(),
      outcome: JSON.stringify(outcome),
    }));
  }

  async list(filter: RunFilter = {}): Promise<RunRecord[]> {
    await this.settleAbandoned();
    const limit = filter.limit ?? 20;
    const index =
      filter.pipeline === undefined
        ? this.#k('ids')
        : this.#k(`pipeline:${encodeURIComponent(filter.pipeline)}`);
    const found: RunRecord[] = [];
    for (let at = 0; found.length < limit; at += PAGE) {
      const ids = await this.commits.redis.zrevrange(index, at, at + PAGE - 1);
      for (const row of await this.#rows(ids)) {
        if (filter.status !== undefined && row.status !== filter.status) continue;
        if (filter.kind !== undefined && row.kind !== filter.kind) continue;
        if (filter.since !== undefined && row.started_at < filter.since) continue;
        if (found.push(recordOf(row)) >= limit) break;
      }
      if (ids.length < PAGE) break;
    }
    return found;
  }

  async get(id: number): Promise<RunRecord | null> {
    await this.settleAbandoned();
    const [row] = await this.#rows([String(id)]);
    return row ? recordOf(row) : null;
  }

  async prune(retention: HistoryRetention): Promise<number> {
    const redis = this.commits.redis;
    const cutoff = this.now() - retention.maxAgeDays * DAY_MS;
    const gone = new Set(await redis.zrangebyscore(this.#k('started'), '-inf', `(${cutoff}`));
    for (const pipeline of await redis.smembers(this.#k('pipelines'))) {
      const index = this.#k(`pipeline:${encodeURIComponent(pipeline)}`);
      for (const id of await redis.zrevrange(index, retention.keep, -1)) gone.add(id);
    }
    const rows = await this.#rows([...gone]);
    const ops = rows.flatMap((row): Op[] => {
      const member = String(row.id);
      return [
        ['hdel', this.#k('runs'), member],
        ['zrem', this.#k('ids'), member],
        ['zrem', this.#k(`pipeline:${encodeURIComponent(row.pipeline)}`), member],
        ['zrem', this.#k('started'), member],
        ['srem', this.#k('running'), member],
      ];
    });
    if (ops.length > 0) await this.commits.commit(ops, [], false);
    return rows.length;
  }

  async settleAbandoned(): Promise<void> {
    const running = await this.#rows(await this.commits.redis.smembers(this.#k('running')));
    for (const row of running) {
      if (row.host !== this.#host || this.alive(row.pid)) continue;
      await this.#update(row.id, (now) =>
        now.status === 'running'
          ? { status: 'interrupted', outcome: JSON.stringify(abandonedOutcome(row.pid, this.#host)) }
          : {},
      );
    }
  }

  /** Rewrites a row unless it was pruned; read and written in one guarded commit (run again on a race). */
  #update(id: number, change: (row: HistoryRow) => Partial<HistoryRow>): Promise<void> {
    const member = String(id);
    return this.commits.atomic(
      async () => {
        const raw = await this.commits.read(this.#k('runs'), member);
        if (raw === null) return;
        const before = JSON.parse(raw) as HistoryRow;
        const row = { ...before, ...change(before) };
        this.commits.queue(['hset', this.#k('runs'), member, JSON.stringify(row)]);
        if (row.status !== 'running') this.commits.queue(['srem', this.#k('running'), member]);
      },
      { fenced: false },
    );
  }

  async #rows(ids: string[]): Promise<HistoryRow[]> {
    if (ids.length === 0) return [];
    const raws = await this.commits.redis.hmget(this.#k('runs'), ...ids);
    return raws.flatMap((raw) => (raw ? [JSON.parse(raw) as HistoryRow] : []));
  }
}
