/**
 * `glueflow worker`: takes pipeline runs from the instance's BullMQ queue and runs them through the
 * runtime — the same run as `glueflow run`: the pipeline lock (so two workers never run one pipeline
 * at once), the rate budget and the write gate. A job whose pipeline is locked by another run waits
 * in BullMQ's delayed set (no attempt used); a run that throws or ends `failed` is retried with
 * backoff; after RUN_ATTEMPTS it stays in the failed set (`glueflow runs --failed`, `runs retry`).
 *
 * Every live worker keeps a heartbeat row (host, pid, concurrency, current jobs, counts) in one Redis
 * hash, read by `glueflow workers` and /metrics; a row not refreshed for WORKER_STALE_MS is a dead worker.
 */
import os from 'node:os';
import { randomUUID } from 'node:crypto';
import { DelayedError, WaitingChildrenError, Worker } from 'bullmq';
import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Runtime } from '@glueflow/core';
import { BATCH_SIZE, coordinate, interrupted, runBatch } from './split-run.js';
import type { SplitContext } from './split-run.js';
import { QUEUE_PREFIX, queueNameOf, redisConnection, WorkQueue } from './work-queue.js';
import type { RunJobData, RunJobResult, WorkQueueOptions } from './work-queue.js';

const HEARTBEAT_MS = 5_000;
export const WORKER_STALE_MS = 20_000;
/** How long a job waits inside the worker for a busy pipeline before it goes back to the delayed set. */
const BUSY_WAIT_MS = 5_000;
const BUSY_RETRY_MS = 5_000;

export interface WorkerRow {
  id: string;
  host: string;
  pid: number;
  concurrency: number;
  /** Jobs in progress: id and pipeline. */
  current: Array<{ id: string; pipeline: string }>;
  completed: number;
  failed: number;
  startedAt: string;
  seenAt: string;
}

export interface RunWorkerOptions {
  runtime: Runtime;
  redisUrl: string;
  concurrency?: number;
  /** How long a job waits in the worker for a pipeline another run holds (default 5 s), then is delayed. */
  busyWaitMs?: number;
  /**
   * Split whole-pipeline runs into batch jobs where a step can list its items (default true), so
   * several workers share one run (split-run.ts). `false`: every run is one job.
   */
  split?: boolean;
  /** Items per batch job (default 25). */
  batchSize?: number;
  /** Retry settings of the batch jobs this worker queues. */
  queue?: WorkQueueOptions;
}

export interface RunningWorker {
  readonly id: string;
  /** Takes no new job; resolves when the jobs in progress are done (or interrupted at `timeoutMs`). */
  stop(timeoutMs?: number): Promise<void>;
}

export function workersKey(instance: string): string {
  return `${QUEUE_PREFIX}:${queueNameOf(instance)}:glueflow-workers`;
}

export async function startRunWorker(options: RunWorkerOptions): Promise<RunningWorker> {
  const { runtime } = options;
  const instance = runtime.config.instanceName;
  const concurrency = options.concurrency ?? 1;
  const id = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const row: WorkerRow = {
    id,
    host: os.hostname(),
    pid: process.pid,
    concurrency,
    current: [],
    completed: 0,
    failed: 0,
    startedAt: new Date().toISOString(),
    seenAt: new Date().toISOString(),
  };
  const stopping = new AbortController();
  const children = WorkQueue.open(options.redisUrl, instance, options.queue);
  const connection = redisConnection(options.redisUrl);
  const registry = redisConnection(options.redisUrl);
  const beat = async () => {
    row.seenAt = new Date().toISOString();
    await registry.hset(workersKey(instance), id, JSON.stringify(row)).catch(() => undefined);
  };

  const worker = new Worker<RunJobData, RunJobResult>(
    queueNameOf(instance),
    async (job: Job<RunJobData, RunJobResult>, token?: string) => {
      row.current.push({ id: String(job.id), pipeline: job.data.pipeline });
      void beat();
      try {
        // the row shows the job before it starts, and loses it when it ends (the events beat again)
        const split: SplitContext = {
          runtime,
          job,
          token,
          signal: stopping.signal,
          worker: id,
          batchSize: options.batchSize ?? BATCH_SIZE,
          addBatch: async (data, parent) => {
            await children.queue.add(data.pipeline, data, {
              ...children.jobOptions(data),
              parent,
              ignoreDependencyOnFailure: true,
            });
          },
        };
        if (job.data.batch) return await runBatch(split);
        if (!job.data.targets && options.split !== false) return await coordinate(split);
        return await runJob(runtime, job, token, stopping.signal, id, options.busyWaitMs ?? BUSY_WAIT_MS);
      } finally {
        row.current = row.current.filter((entry) => entry.id !== String(job.id));
      }
    },
    { connection, prefix: QUEUE_PREFIX, concurrency, name: id, autorun: false },
  );
  worker.on('error', (error) => runtime.logger.warn(`worker: ${error.message}`, { worker: id }));
  worker.on('completed', () => {
    row.completed++;
    void beat();
  });
  worker.on('failed', (job, error) => {
    if (error instanceof DelayedError || error instanceof WaitingChildrenError) return;
    row.failed++;
    void beat();
    runtime.logger.warn(`job ${job?.id} (${job?.data.pipeline}) failed: ${error.message}`, {
      worker: id,
      attempts: job?.attemptsMade,
    });
  });
  await beat();
  const heartbeat = setInterval(() => void beat(), HEARTBEAT_MS);
  heartbeat.unref();
  void worker.run();
  runtime.logger.info(`worker ${id} takes runs of "${instance}" (concurrency ${concurrency})`, {
    worker: id,
  });

  let stopped: Promise<void> | undefined;
  return {
    id,
    stop: (timeoutMs = 8_000) =>
      (stopped ??= (async () => {
        clearInterval(heartbeat);
        const closing = worker.close(); // waits for the jobs in progress
        const timer = setTimeout(() => stopping.abort(new Error('worker is stopping')), timeoutMs);
        timer.unref();
        await closing;
        clearTimeout(timer);
        await registry.hdel(workersKey(instance), id).catch(() => undefined);
        await children.close();
        await quit(registry);
        await quit(connection);
      })()),
  };
}

async function runJob(
  runtime: Runtime,
  job: Job<RunJobData, RunJobResult>,
  token: string | undefined,
  signal: AbortSignal,
  worker: string,
  busyWaitMs: number,
): Promise<RunJobResult> {
  const { pipeline, targets } = job.data;
  try {
    const { summary } = await runtime.run(pipeline, {
      ...(targets ? { targets } : {}),
      waitMs: busyWaitMs,
      signal,
    });
    // A run that failed as a whole (a step threw, nothing could be done) is worth another attempt;
    // item failures (`partial`) are reported in the summary and would only fail again.
    if (summary.status === 'interrupted') throw interrupted(pipeline);
    if (summary.status === 'failed') {
      const first = summary.messages.find((m) => m.severity === 'error');
      throw new Error(`run of ${pipeline} failed${first ? `: ${first.reason}` : ''}`);
    }
    return { status: summary.status, counts: { ...summary.counts }, durationMs: summary.durationMs, worker };
  } catch (error) {
    if ((error as { code?: string }).code === 'EPIPELINE_BUSY' && !signal.aborted) {
      // Another run holds the pipeline: try again later without using an attempt.
      await job.moveToDelayed(Date.now() + BUSY_RETRY_MS, token);
      throw new DelayedError();
    }
    throw error;
  }
}

async function quit(redis: Redis): Promise<void> {
  await redis.quit().catch(() => redis.disconnect());
}

/** Live workers (heartbeat within WORKER_STALE_MS); rows of dead ones are dropped as they are read. */
export async function liveWorkers(redis: Redis, instance: string, now = Date.now()): Promise<WorkerRow[]> {
  const rows = await redis.hgetall(workersKey(instance));
  const live: WorkerRow[] = [];
  for (const [id, text] of Object.entries(rows)) {
    const row = JSON.parse(text) as WorkerRow;
    if (now - Date.parse(row.seenAt) > WORKER_STALE_MS) await redis.hdel(workersKey(instance), id);
    else live.push(row);
  }
  return live.sort((a, b) => a.id.localeCompare(b.id));
}
