/**
 * `createTestEngine`: a plugin's test harness with no IT Glue account — an in-process emulator on
 * 127.0.0.1, a temporary GLUEFLOW_HOME with real SQLite files, and the real runtime (client, cache,
 * state, engine) with the plugins under test. It records events, logs and plans so a test can assert
 * on what a step did, and `restart()` opens a fresh runtime over the same files (the next cron run).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createLogger, Runtime } from '@glueflow/core';
import type {
  EmittableEvent,
  GlueflowPlugin,
  ITGlueClient,
  PipelineStepEntry,
  Plan,
  PlanEntry,
  PluginEntry,
  ResolvedConfig,
  RunSummary,
} from '@glueflow/core';
import { startEmulator } from '@glueflow/emulator';
import type { EmulatorOptions, RunningEmulator } from '@glueflow/emulator';
import { startRewritingProxy } from './answer-rewriter.js';
import type { AnswerRewrite } from './answer-rewriter.js';

/** Any event the engine fires: an entity event or one of the first-class ones (core's EmittableEvent). */
export type EmittableEventLike = EmittableEvent;

/** A plugin, or `[plugin, options]` as in a config file. */
export type TestPlugin = GlueflowPlugin | [GlueflowPlugin, Record<string, unknown>];

export interface TestStep {
  step: string;
  with?: Record<string, unknown>;
  name?: string;
}

export interface CreateTestEngineOptions {
  plugins?: TestPlugin[];
  pipelines?: Record<string, TestStep[]>;
  /** Where relative paths in `with:` resolve (the "config file's folder"); default a temp dir. */
  baseDir?: string;
  /** Options of the in-process emulator (seed data, rate limit, faults, latency). */
  emulator?: Omit<EmulatorOptions, 'port'>;
  /** Environment for `{ env: NAME }` secrets (ITGLUE_API_KEY is set for you). */
  env?: Record<string, string>;
  /** Instance name (the SQLite file is `<home>/<instance>.sqlite`). */
  instance?: string;
  /** `{ keychain: NAME }` secrets, as a map. */
  keychain?: Record<string, string>;
  /** Log level captured into `logs` (default `debug`: tests see everything). */
  logLevel?: 'error' | 'warn' | 'info' | 'debug';
  /**
   * Answers to rewrite on their way from the emulator (a loopback proxy in between): what a real
   * tenant sends and the emulator never does — odd attribute types, log entries of unknown shape.
   */
  rewriteAnswers?: AnswerRewrite[];
  /** The config's `storage:` block, e.g. `{ redis: { env: 'GLUEFLOW_REDIS_URL' } }` with the URL in `env`. */
  storage?: ResolvedConfig['storage'];
  /**
   * Circuit breaker settings over the test default (opens after 5 failures, probes after 200 ms): a test
   * that needs the circuit to stay open through a whole run sets a longer `halfOpenAfterMs`.
   */
  circuitBreaker?: { failureThreshold?: number; halfOpenAfterMs?: number };
}

export interface RecordedEvent {
  /** `<type>:<action>`, e.g. `organization:created`. */
  hook: string;
  event: EmittableEventLike;
}

export interface LogLine {
  level: string;
  message: string;
  [field: string]: unknown;
}

export interface RunStepOptions {
  dryRun?: boolean;
  signal?: AbortSignal;
}

export class TestEngine {
  /** Entity events fired by every run since the engine was created (across restarts). */
  readonly events: RecordedEvent[] = [];
  /** JSON log lines (secrets already redacted, as in production); the runtime's logger writes here. */
  readonly logs: LogLine[];
  /** Every IT Glue request attempt since the engine was created: method, path with query, status. */
  readonly requests: Array<{ method: string; url: string; status?: number }> = [];
  /** Plan entries of the last run. */
  plan: PlanEntry[] = [];
  lastPlan: Plan | null = null;
  #runtime: Runtime;

  private constructor(
    runtime: Runtime,
    readonly emulator: RunningEmulator,
    readonly home: string,
    readonly baseDir: string,
    private readonly options: CreateTestEngineOptions,
    private readonly ownsBaseDir: boolean,
    logs: LogLine[],
  ) {
    this.logs = logs;
    this.#runtime = runtime;
    this.#record(runtime);
  }

  static async create(options: CreateTestEngineOptions = {}): Promise<TestEngine> {
    const started = await startEmulator({ ...options.emulator, port: 0 });
    const emulator = options.rewriteAnswers ? await behindProxy(started, options.rewriteAnswers) : started;
    const home = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'glueflow-test-home-'));
    const ownsBaseDir = !options.baseDir;
    const baseDir = options.baseDir ?? (await fs.promises.mkdtemp(path.join(os.tmpdir(), 'glueflow-test-')));
    const logs: LogLine[] = [];
    try {
      const runtime = await openRuntime(options, emulator, home, baseDir, logs);
      return new TestEngine(runtime, emulator, home, baseDir, options, ownsBaseDir, logs);
    } catch (error) {
      await emulator.stop();
      await fs.promises.rm(home, { recursive: true, force: true });
      throw error;
    }
  }

  get runtime(): Runtime {
    return this.#runtime;
  }

  /** A real client on the emulator (writes land in the runtime's cache too). */
  get client(): ITGlueClient {
    return this.#runtime.client;
  }

  get admin(): RunningEmulator['admin'] {
    return this.emulator.admin;
  }

  /** Runs one step with `with:` options, as a one-step pipeline named `test`. */
  async runStep(step: string, withOptions: Record<string, unknown> = {}, options: RunStepOptions = {}) {
    const entries = [entryOf({ step, with: withOptions }, this.baseDir, 'test', 0)];
    const { summary, plan } = await this.#runtime.runEntries('test', entries, options);
    return this.#finish(summary, plan);
  }

  /** Runs a pipeline given to createTestEngine. */
  async run(pipeline: string, options: RunStepOptions = {}): Promise<RunSummary> {
    const { summary, plan } = await this.#runtime.run(pipeline, options);
    return this.#finish(summary, plan);
  }

  /** The plan of a pipeline (a dry run). */
  async planOf(pipeline: string): Promise<Plan> {
    const { summary, plan } = await this.#runtime.plan(pipeline);
    this.#finish(summary, plan);
    return plan;
  }

  async apply(plan: Plan): Promise<RunSummary> {
    const { summary, plan: applied } = await this.#runtime.apply(plan);
    return this.#finish(summary, applied);
  }

  /** Closes the runtime and opens a new one over the same SQLite file: the next run of a cron job. */
  async restart(): Promise<void> {
    await this.#runtime.close();
    this.#runtime = await openRuntime(this.options, this.emulator, this.home, this.baseDir, this.logs);
    this.#record(this.#runtime);
  }

  /** Events whose hook (`organization:created`) or first-class name (`onDocumentCreated`) matches. */
  eventsOf(hook: string): EmittableEventLike[] {
    return this.events.filter((e) => e.hook === hook).map((e) => e.event);
  }

  async close(): Promise<void> {
    await this.#runtime.close().catch(() => undefined);
    await this.emulator.stop();
    await fs.promises.rm(this.home, { recursive: true, force: true });
    if (this.ownsBaseDir) await fs.promises.rm(this.baseDir, { recursive: true, force: true });
  }

  #finish(summary: RunSummary, plan: Plan): RunSummary {
    this.plan = plan.entries;
    this.lastPlan = plan;
    return summary;
  }

  #record(runtime: Runtime): void {
    const hooks = runtime.engine.hooks;
    hooks.onEntityEvent.tap('glueflow:testkit', (event) => {
      this.events.push({ hook: `${event.type}:${event.action}`, event });
    });
    hooks.onDocumentCreated.tap('glueflow:testkit', (event) => {
      this.events.push({ hook: 'onDocumentCreated', event });
    });
    hooks.onOrganizationUpdated.tap('glueflow:testkit', (event) => {
      this.events.push({ hook: 'onOrganizationUpdated', event });
    });
    hooks.onPasswordRotated.tap('glueflow:testkit', (event) => {
      this.events.push({ hook: 'onPasswordRotated', event });
    });
    hooks.onRequest.tap('glueflow:testkit', (event) => {
      this.requests.push({
        method: event.method,
        url: event.path,
        ...(event.status === undefined ? {} : { status: event.status }),
      });
    });
  }
}

/** The emulator as the runtime sees it through a rewriting proxy (stopping it stops both). */
async function behindProxy(emulator: RunningEmulator, rewrites: AnswerRewrite[]): Promise<RunningEmulator> {
  const proxy = await startRewritingProxy(emulator.url, rewrites);
  return {
    ...emulator,
    url: proxy.url,
    async stop() {
      await proxy.close();
      await emulator.stop();
    },
  };
}

export function createTestEngine(options: CreateTestEngineOptions = {}): Promise<TestEngine> {
  return TestEngine.create(options);
}

async function openRuntime(
  options: CreateTestEngineOptions,
  emulator: Pick<RunningEmulator, 'url'>,
  home: string,
  baseDir: string,
  logs: LogLine[],
): Promise<Runtime> {
  const env: Record<string, string> = { ITGLUE_API_KEY: 'ITG.emulator', ...options.env };
  const pipelines: Record<string, PipelineStepEntry[]> = {};
  for (const [name, steps] of Object.entries(options.pipelines ?? {})) {
    pipelines[name] = steps.map((step, index) => entryOf(step, baseDir, name, index));
  }
  const plugins: PluginEntry[] = (options.plugins ?? []).map((p, index) => {
    const [plugin, pluginOptions] = Array.isArray(p) ? p : [p, {}];
    return { spec: plugin, options: pluginOptions, declaredIn: null, keyPath: `plugins[${index}]` };
  });
  const instance = options.instance ?? 'default';
  const config: ResolvedConfig = {
    filepath: path.join(baseDir, 'glueflow.config.js'),
    instanceName: instance,
    instance: { region: 'us', url: emulator.url },
    rateLimit: { requests: 3000, windowSeconds: 300 },
    concurrency: 8,
    timeouts: { connectMs: 5_000, responseMs: 15_000 },
    cache: { ttlSeconds: {}, autoRefreshHours: 24 },
    home,
    plugins,
    pipelines,
    ...(options.storage ? { storage: options.storage } : {}),
    provenance: {},
  };
  const logger = createLogger({
    level: options.logLevel ?? 'debug',
    stream: new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n'))
          if (line) logs.push(JSON.parse(line) as LogLine);
        done();
      },
    }),
    secrets: Object.values(env),
  });
  const keychain = options.keychain ?? {};
  return Runtime.open({
    config,
    env,
    logger,
    keychain: false,
    secretKeychain: (name) => keychain[name],
    // Tests should not wait seconds between retries of injected faults.
    client: {
      retry: { baseDelayMs: 5, maxDelayMs: 50 },
      circuitBreaker: { halfOpenAfterMs: 200, ...options.circuitBreaker },
    },
  });
}

function entryOf(step: TestStep, baseDir: string, pipeline: string, index: number): PipelineStepEntry {
  return {
    step: step.step,
    with: step.with ?? {},
    ...(step.name ? { name: step.name } : {}),
    declaredIn: path.join(baseDir, 'glueflow.config.js'),
    baseDir,
    keyPath: `pipelines.${pipeline}[${index}]`,
  };
}
