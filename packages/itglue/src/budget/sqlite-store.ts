/**
 * The default RateBudgetStore: a SQLite file under GLUEFLOW_HOME shared by every glueflow process
 * on the machine. Rows are keyed by a hash of the API key (never the key). Each operation is one
 * BEGIN IMMEDIATE transaction; the busy timeout makes other processes wait their turn.
 */
import { createError } from '../errors/index.js';
import {
  applyHeaders,
  applySettle,
  applyThrottle,
  decideAcquire,
  recentStart,
  toSnapshot,
  windowStart,
} from './policy.js';
import { SqliteDb } from './sqlite-db.js';
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

const SCHEMA = `
CREATE TABLE IF NOT EXISTS budget_requests (key TEXT NOT NULL, at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS budget_requests_key_at ON budget_requests (key, at);
CREATE TABLE IF NOT EXISTS budget_state (
  key TEXT PRIMARY KEY,
  learned_limit INTEGER,
  header_limit INTEGER,
  paused_until INTEGER NOT NULL DEFAULT 0,
  last_throttle_at INTEGER NOT NULL DEFAULT 0,
  last_recovery_at INTEGER NOT NULL DEFAULT 0,
  last_grant_at INTEGER NOT NULL DEFAULT 0,
  throttles INTEGER NOT NULL DEFAULT 0,
  backoff_streak INTEGER NOT NULL DEFAULT 0
);`;

/**
 * Columns added to budget_state after its first release. CREATE TABLE IF NOT EXISTS leaves an older
 * file's table as it was, so these are added on open; processes of the older version keep working
 * on the same file (they name their columns, and the new ones keep their defaults).
 */
const ADDED_COLUMNS: ReadonlyArray<readonly [name: string, definition: string]> = [
  ['backoff_streak', 'INTEGER NOT NULL DEFAULT 0'],
];

interface StateRow {
  learned_limit: number | null;
  header_limit: number | null;
  paused_until: number;
  last_throttle_at: number;
  last_recovery_at: number;
  last_grant_at: number;
  throttles: number;
  backoff_streak: number;
}

export interface SqliteStoreOptions {
  /** Default 10 s: how long to wait for another process holding the lock. */
  busyTimeoutMs?: number;
}

export class SqliteRateBudgetStore implements RateBudgetStore {
  private constructor(private readonly db: SqliteDb) {}

  static async open(file: string, options: SqliteStoreOptions = {}): Promise<SqliteRateBudgetStore> {
    try {
      const db = await SqliteDb.open(file, options.busyTimeoutMs ?? 10_000);
      await db.exec(SCHEMA);
      await addMissingColumns(db);
      return new SqliteRateBudgetStore(db);
    } catch (error) {
      throw createError('EBUDGET_STORE', { file, reason: (error as Error).message }, { cause: error });
    }
  }

  get file(): string {
    return this.db.file;
  }

  tryAcquire(key: string, limits: BudgetLimits, asked: number): Promise<AcquireResult> {
    return this.transaction(async () => {
      // `asked` was read before this transaction waited for the lock; meanwhile another process may
      // have granted (and dropped older grants) at a later time. Deciding at the earlier time would
      // count this grant from a moment already gone — and let it into a window that is full.
      const latest = await this.db.get<{ at: number | null }>(
        'SELECT MAX(at) AS at FROM budget_requests WHERE key = ?',
        key,
      );
      const now = Math.max(asked, latest?.at ?? asked);
      await this.db.run(
        'DELETE FROM budget_requests WHERE key = ? AND at <= ?',
        key,
        windowStart(limits, now),
      );
      const state = await this.readState(key);
      const facts = await this.facts(key, limits, now);
      const decision = decideAcquire(state, facts, limits, now);
      let grantId: number | undefined;
      if (decision.granted) {
        grantId = await this.db.insert('INSERT INTO budget_requests (key, at) VALUES (?, ?)', key, now);
        facts.count += 1;
        facts.oldestAt ??= now;
      }
      if (decision.next !== state) await this.writeState(key, decision.next);
      const result: AcquireResult = {
        granted: decision.granted,
        waitMs: decision.waitMs,
        snapshot: toSnapshot(decision.next, facts, limits, now),
      };
      if (now !== asked) result.at = now;
      if (decision.reason) result.reason = decision.reason;
      if (grantId !== undefined) result.grantId = grantId;
      return result;
    });
  }

  settle(key: string, grantId: number, at: number, outcome?: SettleOutcome): Promise<void> {
    return this.transaction(async () => {
      await this.db.run(
        'UPDATE budget_requests SET at = ? WHERE rowid = ? AND key = ? AND at < ?',
        at,
        grantId,
        key,
        at,
      );
      if (!outcome) return;
      const state = await this.readState(key);
      const next = applySettle(state, outcome);
      if (next !== state) await this.writeState(key, next);
    });
  }

  recordThrottle(key: string, limits: BudgetLimits, event: ThrottleEvent): Promise<BudgetSnapshot> {
    return this.transaction(async () => {
      const state = await this.readState(key);
      const facts = await this.facts(key, limits, event.at);
      facts.recent = await this.since(key, recentStart(limits, event.at));
      const next = applyThrottle(state, facts, limits, event);
      await this.writeState(key, next);
      return toSnapshot(next, facts, limits, event.at);
    });
  }

  recordHeaders(key: string, limits: BudgetLimits, report: HeaderReport): Promise<void> {
    return this.transaction(async () => {
      const state = await this.readState(key);
      const facts = await this.facts(key, limits, report.at);
      const { next, phantoms } = applyHeaders(state, facts, limits, report);
      if (next !== state) await this.writeState(key, next);
      for (let i = 0; i < phantoms; i++) {
        await this.db.run('INSERT INTO budget_requests (key, at) VALUES (?, ?)', key, report.at);
      }
    });
  }

  snapshot(key: string, limits: BudgetLimits, now: number): Promise<BudgetSnapshot> {
    return this.transaction(async () => {
      const state = await this.readState(key);
      return toSnapshot(state, await this.facts(key, limits, now), limits, now);
    });
  }

  close(): Promise<void> {
    return this.db.close();
  }

  /** A store failure (disk full, locked past the busy timeout) is EBUDGET_STORE, named with its file. */
  private async transaction<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await this.db.transaction(work);
    } catch (error) {
      throw createError(
        'EBUDGET_STORE',
        { file: this.db.file, reason: (error as Error).message },
        { cause: error },
      );
    }
  }

  private facts(key: string, limits: BudgetLimits, now: number): Promise<WindowFacts> {
    return this.since(key, windowStart(limits, now));
  }

  /** Count and oldest of the grants after `start`. */
  private async since(key: string, start: number): Promise<{ count: number; oldestAt: number | null }> {
    const row = await this.db.get<{ count: number; oldest: number | null }>(
      'SELECT COUNT(*) AS count, MIN(at) AS oldest FROM budget_requests WHERE key = ? AND at > ?',
      key,
      start,
    );
    return { count: row?.count ?? 0, oldestAt: row?.oldest ?? null };
  }

  private async readState(key: string): Promise<BudgetState> {
    const row = await this.db.get<StateRow>('SELECT * FROM budget_state WHERE key = ?', key);
    if (!row) return INITIAL_STATE;
    return {
      learnedLimit: row.learned_limit,
      headerLimit: row.header_limit,
      pausedUntil: row.paused_until,
      lastThrottleAt: row.last_throttle_at,
      lastRecoveryAt: row.last_recovery_at,
      lastGrantAt: row.last_grant_at,
      throttles: row.throttles,
      backoffStreak: row.backoff_streak,
    };
  }

  private async writeState(key: string, s: BudgetState): Promise<void> {
    await this.db.run(
      `INSERT INTO budget_state (key, learned_limit, header_limit, paused_until, last_throttle_at, last_recovery_at, last_grant_at, throttles, backoff_streak)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(key) DO UPDATE SET learned_limit = excluded.learned_limit, header_limit = excluded.header_limit,
         paused_until = excluded.paused_until, last_throttle_at = excluded.last_throttle_at,
         last_recovery_at = excluded.last_recovery_at, last_grant_at = excluded.last_grant_at, throttles = excluded.throttles,
         backoff_streak = excluded.backoff_streak`,
      key,
      s.learnedLimit,
      s.headerLimit,
      s.pausedUntil,
      s.lastThrottleAt,
      s.lastRecoveryAt,
      s.lastGrantAt,
      s.throttles,
      s.backoffStreak,
    );
  }
}

/**
 * Adds the ADDED_COLUMNS an older budget file lacks, in one write transaction: two processes opening
 * the file at once cannot both add a column.
 */
async function addMissingColumns(db: SqliteDb): Promise<void> {
  await db.transaction(async () => {
    for (const [name, definition] of ADDED_COLUMNS) {
      const found = await db.get<{ n: number }>(
        "SELECT COUNT(*) AS n FROM pragma_table_info('budget_state') WHERE name = ?",
        name,
      );
      if (!found?.n) await db.exec(`ALTER TABLE budget_state ADD COLUMN ${name} ${definition}`);
    }
  });
}
