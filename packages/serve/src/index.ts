/** @glueflow/serve: `glueflow serve` as a library (docs/serve.md). */
export { startServe, schedulesOf, DEFAULT_HOST, DEFAULT_PORT } from './serve.js';
export type { RunningServe, ServeOptions, ServeConfig, StopReport } from './serve.js';
export { PipelineScheduler, scheduleProblems, systemClock } from './scheduler.js';
export type { ScheduleSpec, SchedulerClock, FireStore, FireOutcome } from './scheduler.js';
export {
  ITGLUE_TEMPLATE,
  ITGLUE_TEMPLATE_NOTES,
  itglueTemplateJson,
  readItGlueHint,
  parseRecordUrl,
} from './itglue-hint.js';
export type { ItGlueHint, HintReading } from './itglue-hint.js';
export { ServeMetrics } from './metrics.js';
export { tokenMatches } from './tokens.js';
export { TriggerQueue } from './trigger-queue.js';
export type { Targets, TargetedRun } from './trigger-queue.js';
export { routePrefixOf } from './plugin-routes.js';
export { serveErrors } from './errors.js';
export { WorkQueue, queueNameOf, RUN_ATTEMPTS } from './work-queue.js';
export type { RunJobData, RunJobResult, FailedRun, SplitProgress, WorkQueueOptions } from './work-queue.js';
export { startRunWorker, liveWorkers, workersKey, WORKER_STALE_MS } from './run-worker.js';
export type { RunningWorker, RunWorkerOptions, WorkerRow } from './run-worker.js';
export { coordinate, runBatch, BATCH_SIZE } from './split-run.js';
