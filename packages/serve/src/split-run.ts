/**
 * A pipeline run split into item jobs so several workers share one run (issue 21). The run's own job
 * is the coordinator; it walks the steps in order, as a single run would:
 *   - a step that can list its items (`listItems`) becomes batch jobs of BATCH_SIZE items, children of
 *     the coordinator in BullMQ's flow; the coordinator waits (WaitingChildrenError, no worker held)
 *     until every batch finished, then goes on with the next step — a later step may need what an
 *     earlier one wrote;
 *   - any other step runs whole, inside the coordinator's job.
 * Each batch is a run of that one step with its keys as `ctx.targets`, without the pipeline lock (the
 * batches of one run go on at once; BullMQ keeps one coordinator per pipeline) and without a row of its
 * own in the run history: the coordinator opens one row and closes it with the merged summary. A batch
 * that used every attempt does not hold the run up (`ignoreDependencyOnFailure`): its items are counted
 * failed in the summary, and the batch waits in the failed set for `glueflow runs retry`.
 * Where the coordinator is between steps lives in the job's data, so any worker can pick it up.
 */
import { UnrecoverableError, WaitingChildrenError } from 'bullmq';
import type { Job } from 'bullmq';
import { createError, mergeSummaries } from '@glueflow/core';
import type { Runtime, RunSummary } from '@glueflow/core';
import type { RunJobData, RunJobResult, SplitProgress } from './work-queue.js';

export const BATCH_SIZE = 25;
/** Messages a batch hands back to its coordinator at most (the rest are in the worker's log). */
const MESSAGES_PER_BATCH = 50;

export interface SplitContext {
  runtime: Runtime;
  job: Job<RunJobData, RunJobResult>;
  token: string | undefined;
  signal: AbortSignal;
  worker: string;
  batchSize: number;
  /** Adds a batch job as a child of the coordinator. */
  addBatch(data: RunJobData, parent: { id: string; queue: string }): Promise<void>;
}

/** Runs (or resumes) the coordinator of a split run; the result once every step is done. */
export async function coordinate(c: SplitContext): Promise<RunJobResult> {
  const { runtime, job } = c;
  const pipeline = job.data.pipeline;
  if (!runtime.config.pipelines[pipeline]) {
    // No attempt can succeed until the config changes: straight to the failed set.
    const error = createError('ECONFIG_UNKNOWN_PIPELINE', {
      pipeline,
      known: runtime.pipelineNames(),
      configFile: runtime.config.filepath,
    });
    throw new UnrecoverableError(`${error.code}: ${error.message}`);
  }
  const steps = runtime.config.pipelines[pipeline].length;
  const progress: SplitProgress = job.data.split ?? {
    step: 0,
    startedAt: Date.now(),
    inline: [],
    batches: 0,
    batchItems: 0,
  };
  if (progress.historyId === undefined && !job.data.split) {
    const id = await runtime.beginSplitRun(pipeline);
    if (id !== undefined) progress.historyId = id;
  }
  while (progress.step < steps) {
    if (progress.waiting === progress.step) {
      // this step's batches are done (we were woken up for it)
      delete progress.waiting;
      progress.step++;
      await save(job, progress);
      continue;
    }
    const index = progress.step;
    const items = await runtime.listItems(pipeline, index);
    if (items && items.length > 0) {
      const parent = { id: String(job.id), queue: job.queueQualifiedName };
      for (let at = 0; at < items.length; at += c.batchSize) {
        const batch = items.slice(at, at + c.batchSize);
        await c.addBatch(
          { pipeline, requestedBy: job.data.requestedBy, batch: { index, items: batch } },
          parent,
        );
        progress.batches++;
        progress.batchItems += batch.length;
      }
      progress.waiting = index;
      await save(job, progress);
      if (await job.moveToWaitingChildren(c.token ?? '')) throw new WaitingChildrenError();
      continue; // every batch finished already
    }
    // A step that cannot list its items (or has none to list) runs whole, here.
    const { summary } = await runtime.run(pipeline, {
      targets: { [index]: 'all' },
      pipelineLock: false,
      history: false,
      signal: c.signal,
    });
    if (summary.status === 'interrupted') throw interrupted(pipeline);
    if (summary.status === 'failed') {
      // Worth another attempt of the coordinator (it resumes at this step); after the last, the run's
      // row says failed with what the steps did so far.
      const attempts = job.opts.attempts ?? 1;
      if (job.attemptsMade + 1 >= attempts && progress.historyId !== undefined) {
        const merged = mergeSummaries(
          pipeline,
          [...progress.inline, compact(summary)],
          Date.now() - progress.startedAt,
        );
        await runtime.finishSplitRun(progress.historyId, { ...merged, status: 'failed' });
      }
      const first = summary.messages.find((m) => m.severity === 'error');
      throw new Error(`run of ${pipeline} failed${first ? `: ${first.reason}` : ''}`);
    }
    progress.inline.push(compact(summary));
    progress.step++;
    await save(job, progress);
  }

  const batches = Object.values(await job.getChildrenValues<RunJobResult>());
  const parts = [...progress.inline, ...batches.flatMap((b) => (b.summary ? [b.summary] : []))];
  const failedBatches = Object.keys(await job.getIgnoredChildrenFailures()).length;
  const lostItems = progress.batchItems - batches.reduce((n, b) => n + (b.items ?? 0), 0);
  const summary = mergeSummaries(
    pipeline,
    parts,
    Date.now() - progress.startedAt,
    failedBatches > 0
      ? {
          items: lostItems,
          reason: `${failedBatches} batch(es) used every attempt; their items are in \`glueflow runs failed\``,
        }
      : undefined,
  );
  if (progress.historyId !== undefined) await runtime.finishSplitRun(progress.historyId, summary);
  return {
    status: summary.status,
    counts: { ...summary.counts },
    durationMs: summary.durationMs,
    worker: c.worker,
    split: { batches: progress.batches, steps },
  };
}

/** One batch: that step, those items, no pipeline lock, no history row; the summary goes to the coordinator. */
export async function runBatch(c: SplitContext): Promise<RunJobResult> {
  const { pipeline, batch } = c.job.data;
  if (!batch) throw new Error('not a batch job');
  const { summary } = await c.runtime.run(pipeline, {
    targets: { [batch.index]: batch.items },
    pipelineLock: false,
    history: false,
    signal: c.signal,
  });
  if (summary.status === 'interrupted') throw interrupted(pipeline);
  if (summary.status === 'failed') {
    const first = summary.messages.find((m) => m.severity === 'error');
    throw new Error(`batch of ${batch.items.length} failed${first ? `: ${first.reason}` : ''}`);
  }
  return {
    status: summary.status,
    counts: { ...summary.counts },
    durationMs: summary.durationMs,
    worker: c.worker,
    items: batch.items.length,
    summary: compact(summary),
  };
}

function compact(summary: RunSummary): RunSummary {
  return { ...summary, messages: summary.messages.slice(0, MESSAGES_PER_BATCH) };
}

async function save(job: Job<RunJobData, RunJobResult>, progress: SplitProgress): Promise<void> {
  await job.updateData({ ...job.data, split: progress });
}

/**
 * A run stopped by the worker's shutdown did not finish: the job is retried (it resumes where its
 * progress says, and the write gate makes the items already written cost nothing), never completed as
 * if it had run.
 */
export function interrupted(pipeline: string): Error {
  return new Error(`run of ${pipeline} was interrupted (the worker stopped); it is retried`);
}
