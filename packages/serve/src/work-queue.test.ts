/**
 * Runs on BullMQ over a real redis-server: serve with Redis enqueues what its schedule and pushes ask
 * for instead of running it; `glueflow worker`s take the jobs (the run history and /metrics show them);
 * a run that keeps failing is retried with backoff and lands in the failed set, from which `retry` puts
 * it back; a whole-pipeline run waiting already is not queued twice; a pipeline locked by another run
 * sends the job to the delayed set without using an attempt; live workers are listed and leave on stop.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { definePlugin } from '@glueflow/core';
import { createTestEngine, startRedisServer, waitFor } from '@glueflow/testkit';
import type { RunningRedis, TestEngine } from '@glueflow/testkit';
import { z } from 'zod';
import { Redis } from 'ioredis';
import { liveWorkers, startRunWorker, startServe, WorkQueue } from './index.js';
import type { RunningServe, RunningWorker } from './index.js';

let redis: RunningRedis;
let t: TestEngine | undefined;
let s: RunningServe | undefined;
const workers: RunningWorker[] = [];
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis.stop();
});
afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.stop(1_000)));
  await s?.stop();
  await t?.close();
  s = t = undefined;
  const raw = new Redis(redis.url);
  await raw.flushall();
  raw.disconnect();
});

/** What the steps saw, and how the flaky one should behave. */
const ran: Array<{ pipeline: string; targets: readonly string[] | undefined }> = [];
let failuresLeft = 0;
let hold: Promise<void> | undefined;

/** Keys the listing step handled, in order, with the worker that ran them. */
const handled: string[] = [];
let failBatchWith: string | undefined;

const plugin = definePlugin({
  name: 'glueflow-plugin-queue-test',
  apply(host) {
    host.registerStep('queue.items', {
      description: 'sixty items that can be listed, and run in batches',
      options: z.object({}).strict(),
      async listItems() {
        return Array.from({ length: 60 }, (_, i) => `k${String(i + 1).padStart(2, '0')}`);
      },
      async run(ctx) {
        ran.push({ pipeline: ctx.run.pipeline, targets: ctx.targets });
        if (failBatchWith && ctx.targets?.includes(failBatchWith))
          throw new Error('this batch cannot be done');
        await ctx.forEachItem(
          ctx.targets ?? [],
          (item) => item,
          async (item) => {
            handled.push(item);
            ctx.count('created');
          },
        );
      },
    });
    host.registerStep('queue.count', {
      description: 'counts what it is given',
      options: z.object({}).strict(),
      async run(ctx) {
        ran.push({ pipeline: ctx.run.pipeline, targets: ctx.targets });
        await hold;
        if (ctx.run.pipeline === 'flaky' && failuresLeft > 0) {
          failuresLeft--;
          throw new Error('the PSA is down');
        }
        await ctx.forEachItem(
          ctx.targets ?? ['a', 'b'],
          (item) => item,
          async () => ctx.count('unchanged'),
        );
      },
    });
  },
});

/** The scheduler's clock: moved by the test, timers never fire by themselves. */
const clock = {
  at: new Date('2026-12-04T01:59:30Z'),
  now: () => clock.at,
  setTimer: () => ({ cancel: () => undefined }),
};

async function start(options: { schedule?: Record<string, string> } = {}) {
  ran.length = 0;
  t = await createTestEngine({
    plugins: [plugin],
    pipelines: {
      nightly: [{ step: 'queue.count' }],
      flaky: [{ step: 'queue.count' }],
      split: [{ step: 'queue.items' }, { step: 'queue.count' }],
    },
    emulator: { generate: { organizations: 1, perOrganization: 0 } },
  });
  s = await startServe({
    runtime: t.runtime,
    port: 0,
    redisUrl: redis.url,
    manualSchedule: true,
    clock,
    queue: { attempts: 3, backoffMs: 50 },
    config: { ...(options.schedule ? { schedule: options.schedule } : {}) },
  });
  return { t, s };
}

describe('pipeline runs on the BullMQ work queue', () => {
  it('serve enqueues a scheduled run instead of running it; a worker runs it and the history has it', async () => {
    const { t, s } = await start({ schedule: { nightly: '* * * * *' } });
    clock.at = new Date('2026-12-04T01:59:30Z');
    await s.scheduler.tick(); // sets the bookmark: nothing due yet
    clock.at = new Date('2026-12-04T02:00:30Z');
    await s.scheduler.tick(); // 02:00 is due
    const queued = await waitFor(
      async () => ((await s.work!.counts()).waiting === 1 ? true : undefined),
      'job',
    );
    expect(queued).toBe(true);
    expect(ran).toEqual([]); // nothing ran in serve itself

    workers.push(await startRunWorker({ runtime: t.runtime, redisUrl: redis.url, concurrency: 2 }));
    await waitFor(async () => ((await s.work!.counts()).completed === 1 ? true : undefined), 'completion');
    expect(ran).toEqual([{ pipeline: 'nightly', targets: undefined }]);
    const [run] = await t.runtime.state.history.list({ pipeline: 'nightly' });
    expect(run).toMatchObject({ pipeline: 'nightly', status: 'ok' });

    const metrics = await (await fetch(`${s.url}/metrics`)).text();
    expect(metrics).toMatch(/glueflow_queue_jobs\{state="completed"\} 1/);
    expect(metrics).toMatch(/glueflow_worker_jobs\{worker="[^"]+",outcome="completed"\} 1/);
  });

  it('retries a failing run with backoff, parks it in the failed set, and retry puts it back', async () => {
    const { t, s } = await start();
    failuresLeft = 3; // every one of the 3 attempts fails
    workers.push(await startRunWorker({ runtime: t.runtime, redisUrl: redis.url }));
    await s.work!.enqueue({ pipeline: 'flaky', requestedBy: 'cli' });
    const [failed] = await waitFor(async () => {
      const list = await s.work!.failed();
      return list.length === 1 ? list : undefined;
    }, 'the failed set');
    expect(failed).toMatchObject({ pipeline: 'flaky', attempts: 3, requestedBy: 'cli' });
    expect(failed!.reason).toContain('the PSA is down');
    expect(ran.filter((r) => r.pipeline === 'flaky')).toHaveLength(3);

    failuresLeft = 0;
    expect(await s.work!.retry(failed!.id)).toBe(true);
    expect(await s.work!.retry('no-such-job')).toBe(false);
    await waitFor(
      async () => ((await s.work!.counts()).completed === 1 ? true : undefined),
      'the retried run',
    );
    expect((await s.work!.counts()).failed).toBe(0);
  });

  it('a run of a pipeline the config does not have goes to the failed set at once, not after every attempt', async () => {
    const { t, s } = await start();
    workers.push(await startRunWorker({ runtime: t.runtime, redisUrl: redis.url }));
    await s.work!.enqueue({ pipeline: 'nope', requestedBy: 'cli' });
    const [failed] = await waitFor(async () => {
      const list = await s.work!.failed();
      return list.length === 1 ? list : undefined;
    }, 'the failed set');
    expect(failed).toMatchObject({ pipeline: 'nope', attempts: 1 });
    expect(failed!.reason).toContain('ECONFIG_UNKNOWN_PIPELINE');
    expect(await t.runtime.state.history.list({ pipeline: 'nope' })).toEqual([]);
  });

  it('queues one whole-pipeline run while one waits, but every pushed run', async () => {
    const { s } = await start();
    const work = s.work!;
    await work.enqueue({ pipeline: 'nightly', requestedBy: 'schedule' });
    await work.enqueue({ pipeline: 'nightly', requestedBy: 'schedule' });
    await work.enqueue({ pipeline: 'nightly', targets: { 0: ['x'] }, requestedBy: 'push' });
    await work.enqueue({ pipeline: 'nightly', targets: { 0: ['y'] }, requestedBy: 'push' });
    expect((await work.counts()).waiting).toBe(3);
  });

  it('sends a job whose pipeline another run holds to the delayed set, without using an attempt', async () => {
    const { t, s } = await start();
    let release = () => undefined as void;
    hold = new Promise<void>((resolve) => (release = resolve));
    const holding = t.runtime.run('nightly'); // holds the pipeline lock until released
    await waitFor(() => (ran.length === 1 ? true : undefined), 'the holding run');
    workers.push(await startRunWorker({ runtime: t.runtime, redisUrl: redis.url, busyWaitMs: 100 }));
    const id = await s.work!.enqueue({ pipeline: 'nightly', targets: { 0: ['z'] }, requestedBy: 'push' });
    await waitFor(async () => ((await s.work!.counts()).delayed === 1 ? true : undefined), 'the delayed job');
    hold = undefined;
    release();
    await holding;
    const job = await s.work!.queue.getJob(id);
    expect(job?.attemptsMade ?? 0).toBe(0);
    // (the delayed job comes back after the busy delay; that it runs then is BullMQ's part)
  });

  it("a run the worker's shutdown interrupted is retried, never completed as if it had run", async () => {
    const { t, s } = await start();
    let release = () => undefined as void;
    hold = new Promise<void>((resolve) => (release = resolve));
    const first = await startRunWorker({ runtime: t.runtime, redisUrl: redis.url });
    const id = await s.work!.enqueue({
      pipeline: 'nightly',
      targets: { 0: ['a', 'b'] },
      requestedBy: 'push',
    });
    await waitFor(() => ran.length === 1, 'the run');
    const stopping = first.stop(50); // SIGTERM: the run is interrupted after 50 ms
    await new Promise((resolve) => setTimeout(resolve, 150));
    hold = undefined;
    release();
    await stopping;
    const job = await s.work!.queue.getJob(id);
    expect(await job!.isCompleted()).toBe(false);
    expect(job!.attemptsMade).toBe(1);
    expect(job!.failedReason).toContain('interrupted');
    workers.push(await startRunWorker({ runtime: t.runtime, redisUrl: redis.url }));
    await waitFor(
      async () => (await (await s.work!.queue.getJob(id))!.isCompleted()) || undefined,
      'the retry',
    );
    expect(ran).toHaveLength(2);
  });

  it('lists live workers with host, pid and concurrency; a stopped worker leaves the list', async () => {
    const { t } = await start();
    const worker = await startRunWorker({ runtime: t.runtime, redisUrl: redis.url, concurrency: 3 });
    const raw = new Redis(redis.url);
    try {
      const [row] = await liveWorkers(raw, t.runtime.config.instanceName);
      expect(row).toMatchObject({ id: worker.id, pid: process.pid, concurrency: 3, current: [] });
      await worker.stop();
      expect(await liveWorkers(raw, t.runtime.config.instanceName)).toEqual([]);
    } finally {
      raw.disconnect();
    }
  });
});

describe('a run split into batch jobs', () => {
  it('shares one run between two workers: every item once, steps in order, one history row with the merged counts', async () => {
    const { t, s } = await start();
    handled.length = 0;
    failBatchWith = undefined;
    for (let i = 0; i < 2; i++) {
      workers.push(await startRunWorker({ runtime: t.runtime, redisUrl: redis.url, concurrency: 2 }));
    }
    const id = await s.work!.enqueue({ pipeline: 'split', requestedBy: 'cli' });
    const job = await waitFor(async () => {
      const found = await s.work!.queue.getJob(id);
      return found && (await found.isCompleted()) ? found : undefined;
    }, 'the split run');
    expect(job.returnvalue).toMatchObject({ status: 'ok', split: { batches: 3, steps: 2 } });
    expect([...handled].sort()).toEqual(
      Array.from({ length: 60 }, (_, i) => `k${String(i + 1).padStart(2, '0')}`),
    );
    // the listing step ran as 3 batches of ≤ 25; the second step ran once, after all of them
    const batches = ran.filter((r) => r.targets !== undefined);
    expect(batches.map((r) => r.targets!.length).sort((a, b) => a - b)).toEqual([10, 25, 25]);
    expect(ran.at(-1)).toEqual({ pipeline: 'split', targets: undefined });
    const history = await t.runtime.state.history.list({ pipeline: 'split' });
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ status: 'ok', counts: { created: 60, unchanged: 2 } });
  });

  it('a batch that used every attempt does not hold the run: its items are counted failed, the run is partial', async () => {
    const { t, s } = await start();
    handled.length = 0;
    failBatchWith = 'k30';
    try {
      workers.push(
        await startRunWorker({
          runtime: t.runtime,
          redisUrl: redis.url,
          concurrency: 3,
          queue: { attempts: 2, backoffMs: 20 },
        }),
      );
      const id = await s.work!.enqueue({ pipeline: 'split', requestedBy: 'cli' });
      const job = await waitFor(async () => {
        const found = await s.work!.queue.getJob(id);
        return found && (await found.isCompleted()) ? found : undefined;
      }, 'the split run');
      expect(job.returnvalue).toMatchObject({ status: 'partial', counts: { created: 35, failed: 25 } });
      expect(await s.work!.failed()).toEqual([expect.objectContaining({ pipeline: 'split', attempts: 2 })]);
      const [row] = await t.runtime.state.history.list({ pipeline: 'split' });
      expect(row).toMatchObject({ status: 'partial' });
    } finally {
      failBatchWith = undefined;
    }
  });
});

describe('WorkQueue without serve', () => {
  it('names its queue after the instance, never the key', () => {
    const work = WorkQueue.open(redis.url, 'prod eu/1');
    expect(work.queue.name).toBe('runs-prod_eu_1');
    return work.close();
  });
});
