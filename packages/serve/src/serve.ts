/**
 * `glueflow serve` as a library: one Runtime, kept open, and around it an HTTP server (fastify),
 * the pipeline scheduler, an optional continuous watch and the webhook queue. `stop()` is the SIGTERM
 * path: take no new work, let what is in flight finish (bounded by the drain timeout, after which runs
 * are interrupted through their signal — they stop at an item boundary and journal), then return.
 */
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { isLoopbackHost, parseDurationMs } from '@glueflow/core';
import type { ResolvedConfig, Runtime } from '@glueflow/core';
import { finishedWithin } from './finished-within.js';
import { serveErrors } from './errors.js';
import { HintQueue } from './hint-queue.js';
import type { ItGlueHint } from './itglue-hint.js';
import { ServeMetrics } from './metrics.js';
import { opsRoutes } from './routes-ops.js';
import { itglueRoutes } from './routes-itglue.js';
import { pluginRoutes, startServices } from './plugin-routes.js';
import type { PluginPartsOptions } from './plugin-routes.js';
import { PipelineScheduler, scheduleProblems } from './scheduler.js';
import { TriggerQueue } from './trigger-queue.js';
import { liveWorkers } from './run-worker.js';
import { WorkQueue } from './work-queue.js';
import type { RunJobData, WorkQueueOptions } from './work-queue.js';
import type { SchedulerClock, ScheduleSpec } from './scheduler.js';

export type ServeConfig = NonNullable<ResolvedConfig['serve']>;

export const DEFAULT_PORT = 8787;
export const DEFAULT_HOST = '127.0.0.1';
const DEFAULT_BODY_LIMIT = 65_536;
const DEFAULT_QUEUE = 1000;
/** Under the CLI's 10 s hard stop after the first signal (cli/src/bin.ts). */
const DEFAULT_DRAIN_MS = 8_000;
const STATE = 'glueflow-serve';
/** A pushed run waits this long for a run of the same pipeline to end, then retries later. */
const BUSY_WAIT_MS = 30_000;

export interface ServeOptions {
  runtime: Runtime;
  /** Over the config's `serve:` (the CLI's flags). */
  host?: string;
  port?: number;
  allowRemote?: boolean;
  drainTimeoutMs?: number;
  /** Default: `runtime.config.serve`. */
  config?: ServeConfig;
  /** Time and timers of the scheduler (tests). */
  clock?: SchedulerClock;
  /** Skip the first scheduler tick on start (tests drive it with `scheduler.tick()`). */
  manualSchedule?: boolean;
  /**
   * Redis (storage.redis / GLUEFLOW_REDIS_URL, checked by core's redisUrlOf): scheduled and pushed runs
   * are then enqueued for `glueflow worker`s instead of run in this process.
   */
  redisUrl?: string;
  /** Retry settings of queued runs (tests shorten the backoff). */
  queue?: WorkQueueOptions;
}

export interface StopReport {
  /** Everything in flight finished within the drain timeout. */
  drained: boolean;
  /** Webhook hints and pushed items dropped at the timeout (the sender's retry or the next poll brings them back). */
  abandonedHints: number;
}

export interface RunningServe {
  readonly url: string;
  readonly port: number;
  readonly app: FastifyInstance;
  readonly scheduler: PipelineScheduler;
  readonly metrics: ServeMetrics;
  readonly queue: HintQueue<ItGlueHint>;
  /** Runs plugin receivers asked for (`serve.trigger()`). */
  readonly triggers: TriggerQueue;
  /** The BullMQ work queue runs go to, with Redis; undefined when serve runs them itself. */
  readonly work: WorkQueue | undefined;
  stop(): Promise<StopReport>;
}

/** The schedules of `serve.schedule`, as the scheduler takes them. */
export function schedulesOf(config: ServeConfig | undefined): ScheduleSpec[] {
  return Object.entries(config?.schedule ?? {}).map(([pipeline, value]) =>
    typeof value === 'string'
      ? { pipeline, cron: value }
      : { pipeline, cron: value.cron, ...(value.timezone ? { timezone: value.timezone } : {}) },
  );
}

/** A duration the config schema has checked already (`30s`, `5m`). */
function durationOf(text: string): number {
  const ms = parseDurationMs(text);
  if (ms === undefined) throw new TypeError(`not a duration: "${text}" (use 30s, 5m or 1h)`);
  return ms;
}

export async function startServe(options: ServeOptions): Promise<RunningServe> {
  const { runtime } = options;
  const config = options.config ?? runtime.config.serve ?? {};
  const logger = runtime.logger;
  const host = options.host ?? config.host ?? DEFAULT_HOST;
  if (!isLoopbackHost(host) && !(options.allowRemote ?? config.allowRemote ?? false)) {
    throw serveErrors.create('ESERVE_REMOTE_HOST', { host }, { where: 'serve.host' });
  }
  const schedules = schedulesOf(config);
  const problems = scheduleProblems(schedules, runtime.pipelineNames());
  if (problems.length > 0)
    throw serveErrors.create('ESERVE_SCHEDULE', { problems }, { where: 'serve.schedule' });
  const drainMs =
    options.drainTimeoutMs ?? (config.drainTimeout ? durationOf(config.drainTimeout) : DEFAULT_DRAIN_MS);

  // Tokens resolve through the runtime, which masks them in every log line from here on.
  // (the schema has checked both are { env } / { keychain } references)
  type Ref = Parameters<Runtime['secret']>[0];
  const itglueToken = config.itglue ? runtime.secret(config.itglue.token as Ref) : undefined;
  const runsToken = config.runsToken ? runtime.secret(config.runsToken as Ref) : undefined;

  const metrics = new ServeMetrics(runtime);
  const work = options.redisUrl
    ? WorkQueue.open(options.redisUrl, runtime.config.instanceName, options.queue)
    : undefined;
  if (work) {
    metrics.watchQueue(work, () => liveWorkers(work.redis, runtime.config.instanceName));
  }
  const queue = new HintQueue<ItGlueHint>(
    config.queueSize ?? DEFAULT_QUEUE,
    async (hint) => {
      try {
        const result = await runtime.recheck({ type: hint.type, id: hint.id });
        metrics.rechecks.inc({ source: 'itglue', result: result.outcome });
        logger.info(`webhook recheck of ${hint.type} #${hint.id}: ${result.outcome}`, {
          source: 'itglue',
          type: hint.type,
          recordId: hint.id,
          outcome: result.outcome,
          events: result.events.map((event) => event.hook),
        });
      } catch (error) {
        metrics.rechecks.inc({ source: 'itglue', result: 'error' });
        logger.warn(`webhook recheck of ${hint.type} #${hint.id} failed: ${(error as Error).message}`, {
          source: 'itglue',
          code: (error as { code?: string }).code,
        });
      }
    },
    (depth) => metrics.queueDepth.set(depth),
  );

  // Runs started by the scheduler stop through this signal when the drain time is up.
  const runs = new AbortController();
  const state = runtime.state.forPlugin(STATE);
  const scheduler = new PipelineScheduler({
    schedules,
    store: {
      get: (name) => state.bookmarks.get(name),
      set: (name, value) => state.bookmarks.set(name, value),
    },
    ...(options.clock ? { clock: options.clock } : {}),
    run: async (pipeline) => {
      if (work) {
        await enqueue(work, { pipeline, requestedBy: 'schedule' });
        return;
      }
      try {
        const result = await runtime.run(pipeline, { signal: runs.signal });
        logger.info(`scheduled run of ${pipeline}: ${result.summary.status}`, { pipeline });
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code === 'EPIPELINE_BUSY') {
          metrics.scheduled.inc({ pipeline, outcome: 'skipped-busy' });
          logger.warn(`scheduled run of ${pipeline} skipped: another process is running it`, { pipeline });
        } else {
          logger.error(`scheduled run of ${pipeline} failed: ${(error as Error).message}`, {
            pipeline,
            code,
          });
        }
      }
    },
    onFire: (pipeline, outcome, late) => {
      metrics.scheduled.inc({ pipeline, outcome });
      if (outcome === 'skipped-busy') {
        logger.warn(`scheduled run of ${pipeline} skipped: the previous one is still running`, { pipeline });
      } else if (late) {
        logger.info(`scheduled run of ${pipeline}: fires were missed while serve was down, running once`, {
          pipeline,
        });
      }
    },
  });

  const triggers = new TriggerQueue(
    config.queueSize ?? DEFAULT_QUEUE,
    async (pipeline, targets) => {
      if (work) {
        await enqueue(work, { pipeline, targets, requestedBy: 'push' });
        return 'done';
      }
      const items = Object.values(targets)
        .map((list) => (list === 'all' ? 'all' : String(list.length)))
        .join(' + ');
      try {
        const result = await runtime.run(pipeline, { targets, signal: runs.signal, waitMs: BUSY_WAIT_MS });
        metrics.triggered.inc({ pipeline, status: result.summary.status });
        logger.info(`pushed run of ${pipeline} (${items} item(s)): ${result.summary.status}`, { pipeline });
        return 'done';
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code === 'EPIPELINE_BUSY') return 'busy';
        metrics.triggered.inc({ pipeline, status: 'error' });
        logger.error(`pushed run of ${pipeline} failed: ${(error as Error).message}`, { pipeline, code });
        return 'done';
      }
    },
    (depth) => metrics.triggerDepth.set(depth),
  );

  const app = Fastify({ logger: false, bodyLimit: config.bodyLimitBytes ?? DEFAULT_BODY_LIMIT });
  const pluginHealth = new Map<string, string>();
  const serving = new AbortController();
  const pluginParts: PluginPartsOptions = {
    runtime,
    metrics,
    triggers,
    logger,
    publicUrl: config.publicUrl,
    bodyLimitBytes: config.bodyLimitBytes ?? DEFAULT_BODY_LIMIT,
    signal: serving.signal,
    health: pluginHealth,
  };
  opsRoutes(app, { runtime, metrics, runsToken, pluginHealth });
  pluginRoutes(app, pluginParts);
  itglueRoutes(app, {
    token: itglueToken,
    queue,
    metrics,
    logger,
    bodyLimitBytes: config.bodyLimitBytes ?? DEFAULT_BODY_LIMIT,
  });
  await app.listen({ host, port: options.port ?? config.port ?? DEFAULT_PORT });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  // Continuous watch: polls serialize with webhook rechecks inside the runtime.
  const watching = new AbortController();
  let watch: Promise<unknown> = Promise.resolve();
  if (config.watch) {
    const interval = durationOf(config.watch.every);
    watch = runtime
      .watch({
        interval,
        signal: watching.signal,
        ...(config.watch.types ? { types: config.watch.types } : {}),
      })
      .catch((error: unknown) => logger.error(`watch stopped: ${(error as Error).message}`, {}));
  }
  if (!options.manualSchedule) await scheduler.start();
  await startServices(pluginParts);

  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  logger.info(`serve listening on ${url}`, { schedules: schedules.length, watch: Boolean(config.watch) });
  let stopping: Promise<StopReport> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      watching.abort();
      serving.abort(); // plugin services stop renewing
      const closing = app.close(); // no new connections; answers the requests already in
      const deadline = Date.now() + drainMs;
      const [hintsDone, triggersDone] = await Promise.all([queue.close(drainMs), triggers.close(drainMs)]);
      const drained = hintsDone && triggersDone;
      const rest = Math.max(0, deadline - Date.now());
      const finished = await finishedWithin(Promise.all([scheduler.stop(), watch]), rest);
      const abandonedHints = queue.abandon() + triggers.abandon();
      if (!finished || !triggersDone) {
        // Runs stop at an item boundary and journal; what they did not reach, the next run does.
        runs.abort(new Error('serve is stopping'));
        await Promise.all([scheduler.stop(), watch, triggers.idle()]);
      }
      await closing;
      await work?.close();
      logger.info('serve stopped', { drained: drained && finished, abandonedHints });
      return { drained: drained && finished, abandonedHints };
    })());
  return { url, port, app, scheduler, metrics, queue, triggers, work, stop };

  /** A run for the workers; Redis unreachable is logged (the schedule's next fire or the sender's retry brings it back). */
  async function enqueue(queue: WorkQueue, data: RunJobData): Promise<void> {
    try {
      const id = await queue.enqueue(data);
      logger.info(`queued a run of ${data.pipeline} (${data.requestedBy}) as job ${id}`, {
        pipeline: data.pipeline,
      });
    } catch (error) {
      logger.error(`could not queue a run of ${data.pipeline}: ${(error as Error).message}`, {
        pipeline: data.pipeline,
      });
    }
  }
}
