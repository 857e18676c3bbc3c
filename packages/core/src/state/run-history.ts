/**
 * The run history: one row per run, plan, apply and watch poll in the instance's SQLite file. A row
 * is written when the run starts (`running`, with pid and host) and completed when it ends, so a
 * process killed mid-run still shows up: the next look at the history finds its pid gone and settles
 * the row as `interrupted`. Retention is per pipeline (`watch` polls count as one pipeline), so a
 * watcher polling every minute never pushes last night's sync out of the history.
 */
import os from 'node:os';
import type { GlueflowStorage, SqlValue } from '../storage/glueflow-storage.js';
import { createError } from '../errors/index.js';
import { pidAlive } from './run-lock.js';
import type {
  HistoryRetention,
  RecordedStatus,
  RunFilter,
  RunKind,
  RunOutcome,
  RunRecord,
  RunStart,
} from './run-history-types.js';

export const RUN_HISTORY_SCHEMA: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS run_history (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     kind TEXT NOT NULL,
     pipeline TEXT NOT NULL,
     dry_run INTEGER NOT NULL,
     status TEXT NOT NULL,
     started_at INTEGER NOT NULL,
     ended_at INTEGER,
     pid INTEGER NOT NULL,
     host TEXT NOT NULL,
     outcome TEXT
   )`,
  `CREATE INDEX IF NOT EXISTS run_history_by_pipeline ON run_history (pipeline, id)`,
  `CREATE INDEX IF NOT EXISTS run_history_by_start ON run_history (started_at)`,
];

/** What the history can do, over the SQLite file or Redis (redis/redis-run-history.ts). */
export interface RunHistory {
  /** Records that a run started; returns its id for `finish`. */
  start(run: RunStart): Promise<number>;
  finish(id: number, outcome: RunOutcome): Promise<void>;
  /** Newest first. */
  list(filter?: RunFilter): Promise<RunRecord[]>;
  get(id: number): Promise<RunRecord | null>;
  /** Drops runs older than `maxAgeDays`, and all but the newest `keep` of each pipeline; returns how many went. */
  prune(retention: HistoryRetention): Promise<number>;
  /** Settles rows of this host's dead processes as `interrupted` (see SqliteRunHistory.settleAbandoned). */
  settleAbandoned(): Promise<void>;
}

/** A run as stored: a SQLite row, or the same fields as JSON in Redis. */
export interface HistoryRow {
  id: number;
  kind: string;
  pipeline: string;
  dry_run: number;
  status: string;
  started_at: number;
  ended_at: number | null;
  pid: number;
  host: string;
  outcome: string | null;
}

export const DAY_MS = 86_400_000;

export class SqliteRunHistory implements RunHistory {
  readonly #host = os.hostname();

  private constructor(
    private readonly storage: GlueflowStorage,
    private readonly now: () => number,
    private readonly alive: (pid: number) => boolean,
  ) {}

  static async over(
    storage: GlueflowStorage,
    options: { clock?: () => number; alive?: (pid: number) => boolean } = {},
  ): Promise<SqliteRunHistory> {
    await storage.ensureSchema('run-history', RUN_HISTORY_SCHEMA);
    return new SqliteRunHistory(storage, options.clock ?? Date.now, options.alive ?? pidAlive);
  }

  async start(run: RunStart): Promise<number> {
    return this.storage.write(async () => {
      const [row] = await this.storage.all<{ id: number }>(
        `INSERT INTO run_history (kind, pipeline, dry_run, status, started_at, pid, host)
         VALUES (?, ?, ?, 'running', ?, ?, ?) RETURNING id`,
        [run.kind, run.pipeline, run.dryRun ? 1 : 0, this.now(), process.pid, this.#host],
      );
      return row!.id;
    });
  }

  async finish(id: number, outcome: RunOutcome): Promise<void> {
    await this.storage.write(() =>
      this.storage.all('UPDATE run_history SET status = ?, ended_at = ?, outcome = ? WHERE id = ?', [
        outcome.status,
        this.now(),
        JSON.stringify(outcome),
        id,
      ]),
    );
  }

  async list(filter: RunFilter = {}): Promise<RunRecord[]> {
    await this.settleAbandoned();
    const where: string[] = [];
    const params: SqlValue[] = [];
    const add = (clause: string, value: SqlValue | undefined) => {
      if (value === undefined) return;
      where.push(clause);
      params.push(value);
    };
    add('pipeline = ?', filter.pipeline);
    add('status = ?', filter.status);
    add('kind = ?', filter.kind);
    add('started_at >= ?', filter.since);
    const rows = await this.storage.all<HistoryRow>(
      `SELECT * FROM run_history ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`,
      [...params, filter.limit ?? 20],
    );
    return rows.map(recordOf);
  }

  async get(id: number): Promise<RunRecord | null> {
    await this.settleAbandoned();
    const [row] = await this.storage.all<HistoryRow>('SELECT * FROM run_history WHERE id = ?', [id]);
    return row ? recordOf(row) : null;
  }

  async prune(retention: HistoryRetention): Promise<number> {
    return this.storage.write(async () => {
      const rows = await this.storage.all<{ id: number }>(
        `DELETE FROM run_history WHERE started_at < ? OR id IN (
           SELECT id FROM (
             SELECT id, ROW_NUMBER() OVER (PARTITION BY pipeline ORDER BY id DESC) AS newer FROM run_history
           ) WHERE newer > ?
         ) RETURNING id`,
        [this.now() - retention.maxAgeDays * DAY_MS, retention.keep],
      );
      return rows.length;
    });
  }

  /**
   * Rows still `running` whose process (on this host) is gone: killed, or stopped at once by a second
   * Ctrl-C. They become `interrupted`; another host's rows are left alone (its pids mean nothing here).
   */
  async settleAbandoned(): Promise<void> {
    const running = await this.storage.all<{ id: number; pid: number }>(
      `SELECT id, pid FROM run_history WHERE status = 'running' AND host = ?`,
      [this.#host],
    );
    const gone = running.filter((row) => !this.alive(row.pid));
    if (gone.length === 0) return;
    await this.storage.write(async () => {
      for (const row of gone) {
        await this.storage.all(
          `UPDATE run_history SET status = 'interrupted', outcome = ? WHERE id = ? AND status = 'running'`,
          [JSON.stringify(abandonedOutcome(row.pid, this.#host)), row.id],
        );
      }
    });
  }
}

/** What a run whose process died without finishing it is settled with. */
export function abandonedOutcome(pid: number, host: string): Partial<RunOutcome> {
  const { code, message, hint } = createError('ERUN_ABANDONED', { pid, host });
  return { status: 'interrupted', error: { code, message, hint } };
}

export function recordOf(row: HistoryRow): RunRecord {
  const outcome = (row.outcome ? JSON.parse(row.outcome) : {}) as Partial<RunOutcome>;
  return {
    id: row.id,
    kind: row.kind as RunKind,
    pipeline: row.pipeline,
    dryRun: row.dry_run === 1,
    status: row.status as RecordedStatus,
    startedAt: new Date(row.started_at).toISOString(),
    endedAt: row.ended_at === null ? null : new Date(row.ended_at).toISOString(),
    durationMs: row.ended_at === null ? null : row.ended_at - row.started_at,
    host: row.host,
    pid: row.pid,
    counts: outcome.counts ?? null,
    requests: outcome.requests ?? null,
    warnings: outcome.warnings ?? 0,
    events: outcome.events ?? {},
    messages: outcome.messages ?? [],
    messageTotals: outcome.messageTotals ?? { errors: outcome.error ? 1 : 0, warnings: 0 },
    ...(outcome.interrupted ? { interrupted: outcome.interrupted } : {}),
    ...(outcome.error ? { error: outcome.error } : {}),
  };
}
