/**
 * Pipeline runs as BullMQ jobs (issue 21): with Redis configured, `glueflow serve` enqueues what its
 * schedules and pushes ask for, and `glueflow worker` processes on as many machines as needed. BullMQ
 * (Redis-backed, well kept) owns delivery: at-least-once, retries with exponential backoff, stalled-job
 * recovery when a worker dies, a failed set. What makes at-least-once safe is ours: a run takes the
 * pipeline lock and writes through the write gate and journal, so a job run twice writes nothing twice.
 *
 * One queue per IT Glue instance: `glueflow:runs-<instance>` (the instance name, never the key).
 */
import { Queue } from 'bullmq';
import type { JobsOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { REDIS_CLIENT_OPTIONS } from '@glueflow/core';
import type { RunSummary } from '@glueflow/core';

/** What one job asks for: one pipeline run, whole or limited to pushed items. */
export interface RunJobData {
  pipeline: string;
  /** As `RuntimeRunOptions.targets` (step index → items or `all`); none: the whole pipeline. */
  targets?: Record<number, string[] | 'all'>;
  /** Who asked (logs and `glueflow runs failed`). */
  requestedBy: 'schedule' | 'push' | 'cli';
  /** Set on the batch jobs of a split run: the step and its items. */
  batch?: { index: number; items: string[] };
  /** The coordinator's progress through a split run (kept in the job, so any worker can resume it). */
  split?: SplitProgress;
}

/** Where a split run's coordinator is: the step, what ran inline, how many batches were queued. */
export interface SplitProgress {
  step: number;
  /** Waiting for the batches of this step. */
  waiting?: number;
  startedAt: number;
  historyId?: number;
  /** Summaries of the steps run whole in the coordinator. */
  inline: RunSummary[];
  batches: number;
  batchItems: number;
}

/** What a finished job returns: the run's outcome, compact. */
export interface RunJobResult {
  status: string;
  counts: Record<string, number>;
  durationMs: number;
  worker: string;
  /** A batch: how many items it was given, and its summary for the coordinator to merge. */
  items?: number;
  summary?: RunSummary;
  /** A split run: how many batch jobs its steps became. */
  split?: { batches: number; steps: number };
}

export interface FailedRun {
  id: string;
  pipeline: string;
  requestedBy: string;
  attempts: number;
  reason: string;
  failedAt: string | null;
}

export const QUEUE_PREFIX = 'glueflow';
/** Attempts before a job lands in the failed set; the delay doubles from 5 s (5, 10, 20, 40 s). */
export const RUN_ATTEMPTS = 5;
const BACKOFF_MS = 5_000;

export function queueNameOf(instance: string): string {
  return `runs-${instance.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

/** A connection BullMQ accepts for blocking commands: commands wait through reconnects. */
export function redisConnection(url: string): Redis {
  const redis = new Redis(url, { ...REDIS_CLIENT_OPTIONS, lazyConnect: false });
  redis.on('error', () => undefined); // reconnects by itself; failing commands report
  return redis;
}

export interface WorkQueueOptions {
  /** Attempts before the failed set (default RUN_ATTEMPTS). */
  attempts?: number;
  /** First retry delay, doubling after (default 5 s). */
  backoffMs?: number;
}

export class WorkQueue {
  readonly queue: Queue<RunJobData, RunJobResult>;
  readonly #connection: Redis;
  readonly #options: WorkQueueOptions;

  private constructor(connection: Redis, instance: string, options: WorkQueueOptions) {
    this.#connection = connection;
    this.#options = options;
    this.queue = new Queue<RunJobData, RunJobResult>(queueNameOf(instance), {
      connection,
      prefix: QUEUE_PREFIX,
    });
    this.queue.on('error', () => undefined);
  }

  /** The connection, for reads beside the queue (the worker registry). */
  get redis(): Redis {
    return this.#connection;
  }

  static open(redisUrl: string, instance: string, options: WorkQueueOptions = {}): WorkQueue {
    return new WorkQueue(redisConnection(redisUrl), instance, options);
  }

  /**
   * Adds a run. A whole-pipeline run already waiting for the same pipeline is not added twice
   * (deduplicated by BullMQ while it waits): two schedules or a schedule and a catch-up make one run.
   */
  async enqueue(data: RunJobData): Promise<string> {
    const job = await this.queue.add(data.pipeline, data, this.jobOptions(data));
    return String(job.id);
  }

  /** Retries, backoff, retention — and, for a whole-pipeline run, one waiting per pipeline. */
  jobOptions(data: RunJobData): JobsOptions {
    const options: JobsOptions = {
      attempts: this.#options.attempts ?? RUN_ATTEMPTS,
      backoff: { type: 'exponential', delay: this.#options.backoffMs ?? BACKOFF_MS },
      removeOnComplete: { count: 1000 },
      removeOnFail: { count: 5000 },
    };
    if (!data.targets && !data.batch) options.deduplication = { id: `whole:${data.pipeline}` };
    return options;
  }

  async counts(): Promise<{
    waiting: number;
    active: number;
    delayed: number;
    failed: number;
    completed: number;
  }> {
    const counts = await this.queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed');
    return {
      waiting: counts.waiting ?? 0,
      active: counts.active ?? 0,
      delayed: counts.delayed ?? 0,
      failed: counts.failed ?? 0,
      completed: counts.completed ?? 0,
    };
  }

  /** The failed set, newest first: jobs that used every attempt. */
  async failed(limit = 50): Promise<FailedRun[]> {
    const jobs = await this.queue.getFailed(0, limit - 1);
    return jobs.map((job) => ({
      id: String(job.id),
      pipeline: job.data.pipeline,
      requestedBy: job.data.requestedBy,
      attempts: job.attemptsMade,
      reason: job.failedReason ?? '',
      failedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
    }));
  }

  /** Puts a failed job back in the queue (its attempts start over); false when there is no such job. */
  async retry(id: string): Promise<boolean> {
    const job = await this.queue.getJob(id);
    if (!job || !(await job.isFailed())) return false;
    await job.retry('failed', { resetAttemptsMade: true });
    return true;
  }

  async close(): Promise<void> {
    await this.queue.close();
    await this.#connection.quit().catch(() => this.#connection.disconnect());
  }
}
