/**
 * The BullMQ side of scale-out (docs/scale-out.md): `glueflow worker [--concurrency N]` takes pipeline
 * runs from the instance's work queue until SIGTERM; `glueflow workers` lists the live ones; `glueflow
 * runs failed` and `glueflow runs retry JOB` show and re-queue runs that used every attempt. All need
 * Redis (storage.redis or GLUEFLOW_REDIS_URL); without it they say so and how to set it.
 */
import type { Runtime } from '@glueflow/core';
import type { WorkQueue } from '@glueflow/serve';
import type { CliContext } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { withSession } from '../session/open-session.js';
import { UsageError } from '../usage-error.js';
import { parseDuration } from './duration.js';

export interface WorkerFlags {
  concurrency?: string;
  drainTimeout?: string;
}

/** The checked Redis URL of this runtime, or a usage error naming the fix. */
export async function redisUrlFor(ctx: CliContext, runtime: Runtime, command: string): Promise<string> {
  const { redisUrlOf, REDIS_URL_ENV } = await import('@glueflow/core');
  type Ref = Parameters<Runtime['secret']>[0];
  const url = redisUrlOf({
    configured: runtime.config.storage?.redis as Ref | undefined,
    env: ctx.env,
    resolve: (ref) => runtime.secret(ref),
  });
  if (!url) {
    throw new UsageError(
      `${command} needs Redis: set storage.redis (e.g. { env: ${REDIS_URL_ENV} }) or ${REDIS_URL_ENV} (docs/scale-out.md)`,
    );
  }
  return url;
}

export async function workerCommand(ctx: CliContext, flags: WorkerFlags): Promise<number> {
  const concurrency = flags.concurrency === undefined ? 1 : Number(flags.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
    throw new UsageError(`--concurrency must be a whole number from 1 to 64, not "${flags.concurrency}"`);
  }
  const drainMs = flags.drainTimeout ? parseDuration(flags.drainTimeout, '--drain-timeout') : 8_000;
  const serve = await import('@glueflow/serve');
  return withSession(ctx, async ({ runtime }) => {
    const redisUrl = await redisUrlFor(ctx, runtime, 'glueflow worker');
    const worker = await serve.startRunWorker({ runtime, redisUrl, concurrency });
    ctx.note(
      `glueflow worker ${worker.id} takes runs of "${runtime.config.instanceName}" (concurrency ${concurrency}); SIGTERM or Ctrl-C stops`,
    );
    await new Promise<void>((resolve) => {
      if (ctx.signal.aborted) resolve();
      else ctx.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    ctx.note('stopping: no new jobs; finishing the ones in progress');
    await worker.stop(drainMs);
    ctx.note('stopped');
    return EXIT.ok;
  });
}

export async function workersCommand(ctx: CliContext, flags: { json?: boolean }): Promise<number> {
  const serve = await import('@glueflow/serve');
  return withQueue(ctx, 'glueflow workers', async (queue, runtime) => {
    const workers = await serve.liveWorkers(queue.redis, runtime.config.instanceName);
    if (flags.json) ctx.json({ workers });
    else if (workers.length === 0) ctx.print('no live workers (start one with `glueflow worker`)');
    else {
      for (const w of workers) {
        const jobs = w.current.map((job) => `${job.pipeline}#${job.id}`).join(', ') || 'idle';
        ctx.print(
          `${w.id}  pid ${w.pid}  concurrency ${w.concurrency}  done ${w.completed}  failed ${w.failed}  now: ${jobs}`,
        );
      }
    }
    return EXIT.ok;
  });
}

export async function runsFailedCommand(ctx: CliContext, flags: { json?: boolean }): Promise<number> {
  return withQueue(ctx, 'glueflow runs failed', async (queue) => {
    const failed = await queue.failed();
    if (flags.json) ctx.json({ failed });
    else if (failed.length === 0) ctx.print('no failed runs in the work queue');
    else {
      for (const f of failed) {
        ctx.print(`${f.id}  ${f.pipeline}  ${f.failedAt ?? ''}  ${f.attempts} attempt(s)  ${f.reason}`);
      }
      ctx.note('re-queue one with `glueflow runs retry <job>`');
    }
    return EXIT.ok;
  });
}

export async function runsRetryCommand(ctx: CliContext, job: string): Promise<number> {
  return withQueue(ctx, 'glueflow runs retry', async (queue) => {
    if (!(await queue.retry(job))) {
      throw new UsageError(`no failed job "${job}" in the work queue (see \`glueflow runs failed\`)`);
    }
    ctx.print(`job ${job} is queued again`);
    return EXIT.ok;
  });
}

async function withQueue(
  ctx: CliContext,
  command: string,
  fn: (queue: WorkQueue, runtime: Runtime) => Promise<number>,
): Promise<number> {
  const serve = await import('@glueflow/serve');
  return withSession(
    ctx,
    async ({ runtime }) => {
      const queue = serve.WorkQueue.open(
        await redisUrlFor(ctx, runtime, command),
        runtime.config.instanceName,
      );
      try {
        return await fn(queue, runtime);
      } finally {
        await queue.close();
      }
    },
    undefined,
    { plugins: false },
  );
}
