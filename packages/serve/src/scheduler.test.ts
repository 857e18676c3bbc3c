/**
 * The cron scheduler with a real runtime (emulator, SQLite in a temp home) and a clock the test moves:
 * missed fires after downtime run once, a busy pipeline is skipped (not queued), time zones count,
 * and every run is in the run history.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { definePlugin } from '@glueflow/core';
import { createTestEngine } from '@glueflow/testkit';
import type { TestEngine } from '@glueflow/testkit';
import { z } from 'zod';
import { PipelineScheduler, scheduleProblems } from './index.js';
import type { FireOutcome, SchedulerClock } from './index.js';

let t: TestEngine | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

/** A clock that only moves when told; timers are recorded, never fired (the test calls tick()). */
function fakeClock(start: string): SchedulerClock & { at: Date; delays: number[] } {
  const clock = {
    at: new Date(start),
    delays: [] as number[],
    now: () => clock.at,
    setTimer: (_fn: () => void, ms: number) => {
      clock.delays.push(ms);
      return { cancel: () => undefined };
    },
  };
  return clock;
}

/** A pipeline whose one step waits for the test to let it finish. */
function gatedPlugin() {
  const gate = { runs: 0, release: () => undefined as void, opened: Promise.resolve() };
  const plugin = definePlugin({
    name: 'glueflow-plugin-test-gate',
    options: z.object({}).strict(),
    apply(host) {
      host.registerStep('gate.wait', {
        description: 'waits until released',
        options: z.object({}).strict(),
        async run() {
          gate.runs++;
          await gate.opened;
        },
      });
    },
  });
  const close = () => {
    gate.opened = new Promise<void>((resolve) => (gate.release = resolve));
  };
  return { gate, plugin, close };
}

async function engineWithNightly() {
  const gated = gatedPlugin();
  t = await createTestEngine({
    plugins: [gated.plugin],
    pipelines: { nightly: [{ step: 'gate.wait' }] },
    emulator: { generate: { organizations: 1, perOrganization: 0 } },
  });
  return { t, ...gated };
}

function schedulerOver(t: TestEngine, clock: SchedulerClock, cron = '0 2 * * *', timezone?: string) {
  const fires: Array<[string, FireOutcome, boolean]> = [];
  const runs: Array<Promise<unknown>> = [];
  const state = t.runtime.state.forPlugin('glueflow-serve');
  const scheduler = new PipelineScheduler({
    schedules: [{ pipeline: 'nightly', cron, ...(timezone ? { timezone } : {}) }],
    store: { get: (n) => state.bookmarks.get(n), set: (n, v) => state.bookmarks.set(n, v) },
    clock,
    run: (pipeline) => {
      const run = t.runtime.run(pipeline);
      runs.push(run);
      return run.then(() => undefined);
    },
    onFire: (pipeline, outcome, late) => void fires.push([pipeline, outcome, late]),
  });
  return { scheduler, fires, runs };
}

describe('PipelineScheduler', () => {
  it('the first start only sets the schedule; fires missed over three days of downtime run once', async () => {
    const { t } = await engineWithNightly();
    const clock = fakeClock('2026-12-01T12:00:00Z');
    const first = schedulerOver(t, clock);
    expect(await first.scheduler.tick()).toEqual([]); // first start: nothing is "missed" yet
    await first.scheduler.stop();

    clock.at = new Date('2026-12-04T12:00:00Z'); // down over three 02:00 fires
    const restarted = schedulerOver(t, clock);
    expect(await restarted.scheduler.tick()).toEqual(['nightly']);
    expect(restarted.fires).toEqual([['nightly', 'started', true]]);
    await restarted.scheduler.stop();
    expect(await restarted.scheduler.tick()).toEqual([]);

    const again = schedulerOver(t, clock); // and a restart right after does not run it again
    expect(await again.scheduler.tick()).toEqual([]);
    clock.at = new Date('2026-12-05T01:59:59Z');
    expect(await again.scheduler.tick()).toEqual([]);
    clock.at = new Date('2026-12-05T02:00:00Z');
    expect(await again.scheduler.tick()).toEqual(['nightly']);
    await again.scheduler.stop();

    const history = await t.runtime.state.history.list({ pipeline: 'nightly' });
    expect(history.map((run) => [run.kind, run.status])).toEqual([
      ['run', 'ok'],
      ['run', 'ok'],
    ]);
  });

  it('a pipeline still running when its next fire comes is skipped and reported, not queued', async () => {
    const { t, gate, close } = await engineWithNightly();
    const clock = fakeClock('2026-12-01T00:00:00Z');
    const { scheduler, fires, runs } = schedulerOver(t, clock, '*/5 * * * *');
    await scheduler.tick();
    close();
    clock.at = new Date('2026-12-01T00:05:00Z');
    expect(await scheduler.tick()).toEqual(['nightly']);
    clock.at = new Date('2026-12-01T00:10:00Z');
    expect(await scheduler.tick()).toEqual([]);
    clock.at = new Date('2026-12-01T00:15:00Z');
    expect(await scheduler.tick()).toEqual([]);
    expect(fires.map(([, outcome]) => outcome)).toEqual(['started', 'skipped-busy', 'skipped-busy']);
    expect(scheduler.running()).toEqual(['nightly']);
    gate.release();
    await Promise.all(runs);
    await new Promise((resolve) => setImmediate(resolve));
    expect(gate.runs).toBe(1);
    clock.at = new Date('2026-12-01T00:20:00Z');
    expect(await scheduler.tick()).toEqual(['nightly']);
    await Promise.all(runs);
    await scheduler.stop();
    expect(gate.runs).toBe(2);
    expect(await t.runtime.state.history.list({ pipeline: 'nightly' })).toHaveLength(2);
  });

  it('reads cron fields in the schedule’s time zone, and arms its timer for the next fire', async () => {
    const { t } = await engineWithNightly();
    const clock = fakeClock('2026-12-04T00:30:00Z');
    const { scheduler } = schedulerOver(t, clock, '0 2 * * *', 'Europe/Amsterdam'); // 02:00 CET = 01:00 UTC
    await scheduler.tick();
    expect(clock.delays.at(-1)).toBe(60_000); // never sleeps past a minute (clock jumps)
    clock.at = new Date('2026-12-04T00:59:59Z');
    expect(await scheduler.tick()).toEqual([]);
    expect(clock.delays.at(-1)).toBe(1000 + 5);
    clock.at = new Date('2026-12-04T01:00:00Z');
    expect(await scheduler.tick()).toEqual(['nightly']);
    await scheduler.stop();
  });

  it('reports every schedule problem at once: unknown pipeline, bad cron, unknown time zone', () => {
    const problems = scheduleProblems(
      [
        { pipeline: 'nighty', cron: '0 2 * * *' },
        { pipeline: 'nightly', cron: '61 2 * * *' },
        { pipeline: 'nightly', cron: '0 2 * * *', timezone: 'Mars/Olympus' },
      ],
      ['nightly'],
    );
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/serve\.schedule\.nighty: no pipeline "nighty" \(known: nightly\)/);
    expect(problems[1]).toMatch(/serve\.schedule\.nightly: .*"61 2 \* \* \*"/);
    expect(problems[2]).toMatch(/Mars\/Olympus/);
  });
});
