/**
 * Pipelines on cron schedules (croner: timezone-aware, no dependencies). One rule covers both the
 * normal fire and downtime: a pipeline is due when the first fire after its last recorded fire is not
 * in the future. The last fire is kept in the state store and moved to *now* when it fires, so three
 * nights missed while the host was off make one run at start, not three. A pipeline still running
 * (here, or another process holding its run lock) is skipped and logged, never queued.
 */
import { Cron } from 'croner';

export interface ScheduleSpec {
  pipeline: string;
  cron: string;
  timezone?: string;
}

/** Time and timers, injected so tests move the clock instead of waiting for 02:00. */
export interface SchedulerClock {
  now(): Date;
  setTimer(fn: () => void, ms: number): { cancel(): void };
}

export const systemClock: SchedulerClock = {
  now: () => new Date(),
  setTimer(fn, ms) {
    const timer = setTimeout(fn, ms);
    timer.unref();
    return { cancel: () => clearTimeout(timer) };
  },
};

/** Where the last fire of each pipeline is kept (a PluginState's bookmarks). */
export interface FireStore {
  get(name: string): Promise<unknown>;
  set(name: string, value: string): Promise<void>;
}

export type FireOutcome = 'started' | 'skipped-busy';

export interface SchedulerParts {
  schedules: ScheduleSpec[];
  store: FireStore;
  clock?: SchedulerClock;
  /** Starts a run; resolves when it ends (the scheduler never waits for it before the next tick). */
  run(pipeline: string, firedAt: Date): Promise<void>;
  onFire?(pipeline: string, outcome: FireOutcome, late: boolean): void;
}

/** Re-check at least this often: a host clock that jumps (suspend, NTP) is noticed within a minute. */
const MAX_SLEEP_MS = 60_000;

/** Every problem of the schedules at once: unknown pipeline, bad cron, bad time zone. */
export function scheduleProblems(schedules: ScheduleSpec[], pipelines: readonly string[]): string[] {
  const problems: string[] = [];
  for (const spec of schedules) {
    const where = `serve.schedule.${spec.pipeline}`;
    if (!pipelines.includes(spec.pipeline)) {
      problems.push(`${where}: no pipeline "${spec.pipeline}" (known: ${pipelines.join(', ') || 'none'})`);
    }
    if (spec.timezone && !knownTimeZone(spec.timezone)) {
      problems.push(`${where}: unknown time zone "${spec.timezone}" (an IANA name, e.g. Europe/Amsterdam)`);
      continue;
    }
    try {
      new Cron(spec.cron, { ...(spec.timezone ? { timezone: spec.timezone } : {}) });
    } catch (error) {
      problems.push(
        `${where}: ${(error as Error).message} ("${spec.cron}"${spec.timezone ? `, ${spec.timezone}` : ''})`,
      );
    }
  }
  return problems;
}

function knownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false; // RangeError: croner would silently read it as something else
  }
}

export class PipelineScheduler {
  readonly #crons: Array<{ spec: ScheduleSpec; cron: Cron }>;
  readonly #clock: SchedulerClock;
  readonly #running = new Map<string, Promise<void>>();
  #timer: { cancel(): void } | undefined;
  #stopped = false;

  constructor(private readonly parts: SchedulerParts) {
    this.#clock = parts.clock ?? systemClock;
    this.#crons = parts.schedules.map((spec) => ({
      spec,
      cron: new Cron(spec.cron, { ...(spec.timezone ? { timezone: spec.timezone } : {}) }),
    }));
  }

  /** First tick now (a fire missed while down runs once), then one per due fire. */
  async start(): Promise<void> {
    await this.tick();
  }

  /** Fires what is due at the clock's now; returns the pipelines started. Tests call it directly. */
  async tick(): Promise<string[]> {
    this.#timer?.cancel();
    if (this.#stopped) return [];
    const now = this.#clock.now();
    const started: string[] = [];
    let nextAt = Number.POSITIVE_INFINITY;
    for (const { spec, cron } of this.#crons) {
      const key = `schedule:${spec.pipeline}`;
      const stored = await this.parts.store.get(key);
      const last = typeof stored === 'string' ? new Date(stored) : undefined;
      if (!last || Number.isNaN(last.getTime())) {
        await this.parts.store.set(key, now.toISOString()); // first start: the schedule begins now
      } else {
        const due = cron.nextRun(last);
        if (due && due.getTime() <= now.getTime()) {
          const late = (cron.nextRun(due)?.getTime() ?? Number.POSITIVE_INFINITY) <= now.getTime();
          if (this.#running.has(spec.pipeline)) {
            this.parts.onFire?.(spec.pipeline, 'skipped-busy', late);
          } else {
            await this.parts.store.set(key, now.toISOString());
            this.#launch(spec.pipeline, now);
            this.parts.onFire?.(spec.pipeline, 'started', late);
            started.push(spec.pipeline);
          }
        }
      }
      const next = cron.nextRun(this.#running.has(spec.pipeline) ? now : (last ?? now));
      if (next) nextAt = Math.min(nextAt, Math.max(next.getTime(), now.getTime()));
    }
    this.#arm(nextAt - now.getTime());
    return started;
  }

  #launch(pipeline: string, firedAt: Date): void {
    const run = this.parts
      .run(pipeline, firedAt)
      .catch(() => undefined) // `run` logs its own failures; the history has them
      .finally(() => this.#running.delete(pipeline));
    this.#running.set(pipeline, run);
  }

  #arm(ms: number): void {
    if (this.#stopped || !Number.isFinite(ms)) return;
    this.#timer = this.#clock.setTimer(() => void this.tick(), Math.min(Math.max(ms, 0) + 5, MAX_SLEEP_MS));
  }

  /** Pipelines running now. */
  running(): string[] {
    return [...this.#running.keys()];
  }

  /** No more fires; resolves when the runs in flight have ended. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#timer?.cancel();
    await Promise.all(this.#running.values());
  }
}
