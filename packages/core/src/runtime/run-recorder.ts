/**
 * Records what the Runtime does in the state store's run history — every run, plan, apply and watch
 * poll, whoever drives it (the CLI, the testkit, a script) — so "did last night's sync work?" has an
 * answer after the terminal is gone. Every string passes the run's redaction step before it is
 * stored: a secret a step put in an error message never reaches the file in clear.
 */
import type { GlueflowMessage, RequestStats, RunSummary } from '../engine/hook-types.js';
import type { Logger, Redactor } from '../logging/index.js';
import type { RunHistory } from '../state/run-history.js';
import { MESSAGES_KEPT } from '../state/run-history-types.js';
import type { HistoryRetention, RecordedMessage, RunOutcome, RunStart } from '../state/run-history-types.js';
import type { PollTally } from './change-watcher.js';

type Requests = RunOutcome['requests'];

export interface RunRecorderParts {
  history: RunHistory;
  retention: HistoryRetention;
  redactor: Redactor;
  logger: Logger;
  /** The client's request counters since the runtime opened (a run's share is the difference). */
  requestStats: () => RequestStats;
}

export class RunRecorder {
  constructor(private readonly parts: RunRecorderParts) {}

  /**
   * Runs `fn` as one recorded run: a `running` row now, then the outcome `outcomeOf` makes of its
   * result — or, when it throws, `failed` with what it threw (and the error goes on to the caller).
   */
  async record<T>(
    start: RunStart,
    fn: () => Promise<T>,
    outcomeOf: (value: T, requests: Requests) => RunOutcome,
  ): Promise<T> {
    const before = this.parts.requestStats();
    const id = await this.#quietly('start', () => this.parts.history.start(start));
    const requests = (): Requests => {
      const now = this.parts.requestStats();
      return {
        total: now.total - before.total,
        retries: now.retries - before.retries,
        rateLimited: now.rateLimited - before.rateLimited,
      };
    };
    let value: T;
    try {
      value = await fn();
    } catch (error) {
      if (id !== undefined) await this.#finish(id, failedOutcome(error, requests()));
      throw error;
    }
    if (id !== undefined) await this.#finish(id, outcomeOf(value, requests()));
    return value;
  }

  /**
   * A run whose parts happen elsewhere (the batches `glueflow worker`s run): its row starts now and is
   * finished by `finishRun` with the assembled summary, possibly from another process.
   */
  beginRun(start: RunStart): Promise<number | undefined> {
    return this.#quietly('start', () => this.parts.history.start(start));
  }

  finishRun(id: number, summary: RunSummary): Promise<void> {
    return this.#finish(id, outcomeOfSummary(summary));
  }

  async #finish(id: number, outcome: RunOutcome): Promise<void> {
    await this.#quietly('finish', async () => {
      await this.parts.history.finish(id, this.parts.redactor.strings(outcome) as RunOutcome);
      await this.parts.history.prune(this.parts.retention);
    });
  }

  /** The history records the work; it is never a reason for the work to fail. */
  async #quietly<T>(what: string, fn: () => Promise<T>): Promise<T | undefined> {
    try {
      return await fn();
    } catch (error) {
      this.parts.logger.warn(`could not ${what} the run's entry in the run history`, { error });
      return undefined;
    }
  }
}

/** A run's (or plan's, or apply's) summary as the history keeps it. */
export function outcomeOfSummary(summary: RunSummary): RunOutcome {
  const listeners: GlueflowMessage[] = summary.listenerFailures.map((failure) => ({
    severity: 'error',
    reason: `listener ${failure.plugin} on ${failure.hook} failed: ${failure.message}`,
    ...(failure.code ? { code: failure.code } : {}),
    source: failure.plugin,
  }));
  const all = [...summary.messages, ...listeners];
  const errors = all.filter((m) => m.severity === 'error');
  const warnings = all.filter((m) => m.severity === 'warning');
  return {
    status: summary.status,
    counts: { ...summary.counts },
    requests: { ...summary.requests },
    warnings: summary.warnings.length,
    events: { ...summary.events },
    messages: [...errors, ...warnings].slice(0, MESSAGES_KEPT).map(recorded),
    messageTotals: { errors: errors.length, warnings: warnings.length },
    ...(summary.interrupted ? { interrupted: { ...summary.interrupted } } : {}),
  };
}

/** One watch poll: `partial` when some listener failed (the change is delivered again next poll). */
export function outcomeOfPoll(tally: PollTally, requests: Requests): RunOutcome {
  const messages: RecordedMessage[] = [];
  if (tally.failed > 0) {
    messages.push({
      severity: 'error',
      reason: `${tally.failed} change(s) not taken by every listener; delivered again on the next poll`,
    });
  }
  if (tally.skipped > 0) {
    messages.push({
      severity: 'warning',
      reason: `${tally.skipped} activity-log entr${tally.skipped === 1 ? 'y' : 'ies'} of an unknown shape skipped`,
    });
  }
  return {
    status: tally.failed > 0 ? 'partial' : 'ok',
    counts: null,
    requests,
    warnings: tally.skipped,
    events: { ...tally.events },
    messages,
    messageTotals: { errors: tally.failed > 0 ? 1 : 0, warnings: tally.skipped > 0 ? 1 : 0 },
  };
}

/** A run that threw: nothing of its own summary exists, only the error. */
function failedOutcome(error: unknown, requests: Requests): RunOutcome {
  const e = error as { code?: unknown; message?: unknown; hint?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : 'EUNEXPECTED';
  const message = typeof e?.message === 'string' ? e.message : String(error);
  return {
    status: 'failed',
    counts: null,
    requests,
    warnings: 0,
    events: {},
    messages: [],
    messageTotals: { errors: 1, warnings: 0 },
    error: { code, message, ...(typeof e?.hint === 'string' ? { hint: e.hint } : {}) },
  };
}

/** The parts of a message that say what went wrong and where — not `expected`/`actual`, which quote data. */
function recorded(m: GlueflowMessage): RecordedMessage {
  return {
    severity: m.severity,
    reason: m.reason,
    ...(m.code ? { code: m.code } : {}),
    ...(m.item ? { item: m.item } : {}),
    ...(m.place ? { place: m.place } : {}),
    ...(m.source ? { source: m.source } : {}),
    ...(m.hint ? { hint: m.hint } : {}),
  };
}
