/**
 * The runtime wires one IT Glue instance together for the CLI, the testkit and programmatic use:
 * resolved config → client (rate budget, retries, breaker) → one SQLite file holding the metadata cache
 * and the state store → the engine with its plugins → run, plan, apply, watch. Everything a run needs
 * is opened here and closed by `close()`; nothing is module-level.
 */
import path from 'node:path';
import { clientCacheSource } from '../cache/client-source.js';
import { MetadataCache } from '../cache/metadata-cache.js';
import { followWrites } from '../cache/follow-writes.js';
import type { CachedType } from '../cache/cache-types.js';
import type { SearchQueryOptions, SearchResult } from '../search/search-types.js';
import type { KeychainReader } from '@glueflow/itglue';
import { createITGlueClient } from '@glueflow/itglue';
import type { ITGlueClient } from '@glueflow/itglue';
import type { ITGlueClientOptions } from '@glueflow/itglue';
import { ConfigError } from '../config/config-error.js';
import { missingEnvSecrets } from '../config/missing-secrets.js';
import type { PipelineStepEntry, ResolvedConfig } from '../config/resolve-config.js';
import { osSecretKeychain, resolveSecret } from '../config/secrets.js';
import type { SecretRef, SecretSources } from '../config/secrets.js';
import { Engine } from '../engine/engine.js';
import type { RunOptions } from '../engine/engine.js';
import type { RunSummary } from '../engine/hook-types.js';
import { PlanGuard } from '../engine/plan-guard.js';
import { PLAN_FORMAT_VERSION } from '../engine/plan-types.js';
import type { Plan } from '../engine/plan-types.js';
import { createError } from '../errors/catalogue.js';
import { createLogger, redactorOf, registerSecret } from '../logging/index.js';
import type { Logger } from '../logging/index.js';
import { loadPlugins } from '../plugins/load-plugins.js';
import type { LoadedPlugin } from '../plugins/load-plugins.js';
import { whileHolding } from '../state/lock-context.js';
import { DEFAULT_HISTORY_RETENTION, WATCH_PIPELINE } from '../state/run-history-types.js';
import type { RunStart } from '../state/run-history-types.js';
import { StateStore } from '../state/state-store.js';
import { GlueflowStorage } from '../storage/glueflow-storage.js';
import { redisUrlOf } from '../storage/redis-url.js';
import { instanceFile } from '../storage/storage-path.js';
import { ChangeWatcher } from './change-watcher.js';
import type {
  PollTally,
  RecheckRequest,
  RecheckResult,
  WatchOptions,
  WatchReport,
} from './change-watcher.js';
import { tapCoreOrganizationResolver } from './organization-resolver.js';
import { outcomeOfPoll, outcomeOfSummary, RunRecorder } from './run-recorder.js';
import { RuntimeServices } from './step-services.js';
import { TransportBridge } from './transport-bridge.js';

/** The state namespace of the change watcher's watermarks. */
const WATCH_STATE = 'glueflow-watch';

export interface RuntimeOptions {
  config: ResolvedConfig;
  env?: Record<string, string | undefined>;
  logger?: Logger;
  /** OS keychain for the API key; `false` where there is none (tests, CI). */
  keychain?: KeychainReader | false;
  /** Synchronous keychain lookup for `{ keychain: NAME }` step secrets; default: the OS keychain. */
  secretKeychain?: SecretSources['keychain'];
  /** Plugins already loaded (the testkit passes plugin objects); default: the config's `plugins`. */
  plugins?: LoadedPlugin[];
  /** Folders to resolve bundled plugins from (the CLI's own install). */
  pluginFallbackFrom?: string[];
  /** Client settings over the config's (tests shorten retry delays). */
  client?: Partial<ITGlueClientOptions>;
}

export interface RunResult {
  summary: RunSummary;
  /** Every decision of the run, as a plan: what a dry run would do, or what a real run did. */
  plan: Plan;
}

export interface RuntimeRunOptions extends RunOptions {
  /** How long a run waits for another run of the same pipeline to finish (default 0: refuse). */
  waitMs?: number;
  /**
   * `false` for one batch of a run split across `glueflow worker`s: the batches of one run go on at
   * once, so they cannot each hold the pipeline's lock; the queue keeps one such run per pipeline and
   * the write gate writes each item once. Default true.
   */
  pipelineLock?: boolean;
  /** `false`: not a row of its own in the run history (a batch; the split run has one row). Default true. */
  history?: boolean;
}

/** How long an item waits for another run writing the same item (its lock) before it fails. */
const ITEM_LOCK_WAIT_MS = 60_000;

export class Runtime {
  private constructor(
    readonly config: ResolvedConfig,
    readonly engine: Engine,
    /** The client whose writes land in the cache too. */
    readonly client: ITGlueClient,
    readonly cache: MetadataCache,
    readonly state: StateStore,
    readonly logger: Logger,
    private readonly services: RuntimeServices,
    private readonly storage: GlueflowStorage,
    private readonly recorder: RunRecorder,
  ) {}

  /** The environment `{ env: NAME }` secrets resolve from (RuntimeOptions.env). */
  #env: Record<string, string | undefined> = {};
  #secrets: SecretSources = { env: {} };

  /**
   * Resolves a `{ env: NAME }` / `{ keychain: NAME }` reference from the same sources as a step's
   * secrets; the value is masked in every log line from now on. Throws ECONFIG_SECRET_MISSING.
   */
  secret(ref: SecretRef): string {
    return resolveSecret(ref, this.#secrets);
  }

  static async open(options: RuntimeOptions): Promise<Runtime> {
    const { config } = options;
    const env = options.env ?? process.env;
    const logger = options.logger ?? createLogger({ silent: true });
    registerSecret(logger, env.ITGLUE_API_KEY);
    const secretKeychain = options.secretKeychain ?? (await osSecretKeychain());
    const secrets: SecretSources = {
      env,
      keychain: (name) => secretKeychain?.(name),
      // Every resolved value, env or keychain, is masked in logs, reports and --json from now on.
      onResolved: (value) => registerSecret(logger, value),
    };
    const redisUrl = redisUrlOf({
      configured: config.storage?.redis as SecretRef | undefined,
      env,
      resolve: (ref) => resolveSecret(ref, secrets),
    });
    if (redisUrl) registerSecret(logger, redisUrl);
    const storage = await GlueflowStorage.open({
      file: instanceFile(config),
    });
    const bridge = new TransportBridge();
    let opened: ITGlueClient | undefined;
    let state: StateStore | undefined;
    let cache: MetadataCache | undefined;
    try {
      opened = await createITGlueClient({
        instance: config.instanceName,
        region: config.instance.region,
        ...(config.instance.url ? { url: config.instance.url } : {}),
        env,
        home: config.home,
        ...(options.keychain === undefined ? {} : { keychain: options.keychain }),
        rateLimit: config.rateLimit,
        concurrency: config.concurrency,
        timeouts: config.timeouts,
        logger,
        ...(redisUrl ? { redisUrl } : {}),
        ...options.client,
        hooks: bridge.clientHooks,
      });
      const client = opened; // the let above is not narrowed inside closures
      const cacheOptions = {
        source: clientCacheSource(client),
        ttlMs: Object.fromEntries(
          Object.entries(config.cache.ttlSeconds).map(([type, seconds]) => [type, seconds * 1000]),
        ) as Partial<Record<CachedType, number>>,
        autoRefreshAfterMs: config.cache.autoRefreshHours * 3_600_000,
        knownSecretKeys: (typeId: unknown) => client.secretTraits.known(typeId),
      };
      // With Redis, the state (mappings, journal, watermarks, history), the run locks and the metadata
      // cache are shared by every machine: one worker's pull of a type answers the lookups of all. The
      // full-text search index stays in this machine's file (docs/scale-out.md).
      cache = redisUrl
        ? await MetadataCache.onRedis(redisUrl, { instance: config.instanceName, storage, ...cacheOptions })
        : await MetadataCache.over(storage, cacheOptions);
      state = redisUrl
        ? await StateStore.onRedis(redisUrl, { instance: config.instanceName })
        : await StateStore.over(storage);
      // The cache follows every write the client makes (no wrapper: one client object everywhere).
      followWrites(client, cache);
      const services = new RuntimeServices({
        client,
        cache,
        state,
        requestStats: () => bridge.stats(),
        openedAt: new Date(),
      });
      const engine = new Engine({
        instance: config.instanceName,
        logger,
        services,
        secrets,
        concurrency: config.concurrency,
      });
      bridge.connect(engine.hooks);
      tapCoreOrganizationResolver(engine.hooks, cache, client);
      const plugins = options.plugins ?? (await loadConfiguredPlugins(config, options));
      await engine.use(plugins);
      const problems = engine.validatePipelines(config.pipelines);
      if (problems.length > 0) throw new ConfigError(problems);
      const recorder = new RunRecorder({
        history: state.history,
        retention: config.history ?? DEFAULT_HISTORY_RETENTION,
        redactor: redactorOf(logger),
        logger,
        requestStats: () => bridge.stats(),
      });
      const runtime = new Runtime(config, engine, client, cache, state, logger, services, storage, recorder);
      runtime.#env = env;
      runtime.#secrets = secrets;
      return runtime;
    } catch (error) {
      await opened?.close().catch(() => undefined);
      await cache?.close().catch(() => undefined);
      await state?.close().catch(() => undefined);
      await storage.close().catch(() => undefined);
      throw error;
    }
  }

  /**
   * Full-text search of the instance's cached records (see docs/search.md): hits ranked by bm25 with
   * a snippet and the IT Glue URL of each. Local only — no IT Glue request; ESEARCH_QUERY on a bad query.
   */
  search(query: string, options: SearchQueryOptions = {}): Promise<SearchResult> {
    return this.cache.fullTextSearch(query, options);
  }

  pipelineNames(): string[] {
    return Object.keys(this.config.pipelines);
  }

  /**
   * Runs a configured pipeline; `dryRun` makes it a plan (nothing written to IT Glue or state).
   * A run that writes holds the pipeline's lock (state/run-lock.ts): a second one waits `waitMs`,
   * then fails with EPIPELINE_BUSY, instead of creating every record a second time.
   */
  async run(pipeline: string, options: RuntimeRunOptions = {}): Promise<RunResult> {
    const entries = this.entriesOf(pipeline);
    const work = () =>
      this.#locked(pipeline, options, async () => {
        this.services.beginRun();
        const summary = await this.engine.run(pipeline, entries, options);
        return { summary, plan: this.planOf(pipeline, summary) };
      });
    return options.history === false ? work() : this.#recorded(this.#startOf(pipeline, options), work);
  }

  /** The source keys step `index` of a pipeline would handle, or undefined when it cannot list them. */
  listItems(pipeline: string, index: number): Promise<string[] | undefined> {
    return this.engine.listItems(pipeline, this.entriesOf(pipeline), index);
  }

  /** A run-history row for a run split across workers; `finishSplitRun` closes it with the merged summary. */
  beginSplitRun(pipeline: string): Promise<number | undefined> {
    return this.recorder.beginRun({ kind: 'run', pipeline, dryRun: false });
  }

  finishSplitRun(id: number, summary: RunSummary): Promise<void> {
    return this.recorder.finishRun(id, summary);
  }

  /** In the run history (state/run-history.ts) from the start: a run refused or thrown is there too. */
  #recorded(start: RunStart, fn: () => Promise<RunResult>): Promise<RunResult> {
    return this.recorder.record(start, fn, (result) => outcomeOfSummary(result.summary));
  }

  #startOf(pipeline: string, options: RunOptions): RunStart {
    const dryRun = options.dryRun ?? false;
    return { kind: dryRun ? 'plan' : 'run', pipeline, dryRun };
  }

  async #locked<T>(pipeline: string, options: RuntimeRunOptions, fn: () => Promise<T>): Promise<T> {
    if (options.dryRun) return fn();
    const locks = await this.state.locks();
    // Runs that may meet another run at the same items write each item (attachment, flexible asset
    // type) under a lock of its own, fenced like a pipeline lock: the batches of a split run (no pipeline
    // lock: they go on at once), and on a shared Redis state every run — a cron `glueflow run` of a
    // pipeline whose split run is still going holds the pipeline lock, the batches do not.
    if (options.pipelineLock === false || this.state.shared) {
      options.writeLock ??= (name) =>
        locks.acquire(name, {
          waitMs: ITEM_LOCK_WAIT_MS,
          ...(options.signal ? { signal: options.signal } : {}),
        });
    }
    if (options.pipelineLock === false) return fn();
    const lock = await locks.acquire(`pipeline:${pipeline}`, {
      ...(options.waitMs === undefined ? {} : { waitMs: options.waitMs }),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    try {
      // Every IT Glue write and every Redis state commit checks this lock is still held (lock-context.ts).
      return await whileHolding(lock, fn);
    } finally {
      await lock
        .release()
        .catch((error: unknown) => this.logger.warn('could not release the run lock', { error }));
    }
  }

  /**
   * Runs steps that are not in the config (the testkit's `runStep`, ad-hoc runs); their `with:` options
   * are checked like a config's, and every problem is reported together.
   */
  async runEntries(
    pipeline: string,
    entries: PipelineStepEntry[],
    options: RuntimeRunOptions = {},
  ): Promise<RunResult> {
    const problems = this.engine.validatePipelines({ [pipeline]: entries });
    if (problems.length > 0) throw new ConfigError(problems);
    this.#checkSecrets(entries);
    return this.#recorded(this.#startOf(pipeline, options), () =>
      this.#locked(pipeline, options, async () => {
        this.services.beginRun();
        const summary = await this.engine.run(pipeline, entries, options);
        return { summary, plan: this.planOf(pipeline, summary) };
      }),
    );
  }

  /** A dry run, as a plan to review or save for `apply`. */
  async plan(pipeline: string, options: Omit<RunOptions, 'dryRun'> = {}): Promise<RunResult> {
    return this.run(pipeline, { ...options, dryRun: true });
  }

  /**
   * Applies a saved plan: the pipeline runs again (sources are re-read — plans never hold secret
   * values) and each write goes ahead only if the plan has it and nothing drifted (see plan-guard.ts).
   */
  async apply(
    plan: Plan,
    options: Omit<RuntimeRunOptions, 'dryRun'> & { file?: string } = {},
  ): Promise<RunResult> {
    const file = options.file ?? 'plan';
    checkPlan(plan, file);
    if (plan.instance !== this.config.instanceName) {
      throw createError('EPLAN_MISMATCH', {
        file,
        reason: `it was planned for instance "${plan.instance}", this is "${this.config.instanceName}"`,
      });
    }
    const entries = this.entriesOf(plan.pipeline);
    const start: RunStart = { kind: 'apply', pipeline: plan.pipeline, dryRun: false };
    return this.#recorded(start, () =>
      this.#locked(plan.pipeline, options, async () => {
        this.services.beginRun(new PlanGuard(plan));
        try {
          const summary = await this.engine.run(plan.pipeline, entries, { ...options, dryRun: false });
          return { summary, plan: this.planOf(plan.pipeline, summary) };
        } finally {
          this.services.beginRun();
        }
      }),
    );
  }

  /**
   * Polls IT Glue for changes and fires the engine's events (see change-watcher.ts); with `once`, one
   * poll. Watermarks live in the state store, so a restarted watcher continues where it stopped.
   * Each poll is a run in the history, under the pipeline name `watch`.
   */
  watch(options: WatchOptions = {}): Promise<WatchReport> {
    const start: RunStart = { kind: 'watch', pipeline: WATCH_PIPELINE, dryRun: false };
    return this.#watcher((poll) => this.recorder.record(start, poll, outcomeOfPoll)).watch(options);
  }

  /**
   * Re-reads one record a webhook named and fires what changed, through the same change logic and
   * de-duplication as `watch` (see ChangeWatcher.recheck): a repeated hint, or the next poll, fires
   * nothing twice. Serialized with watch polls, so the two never compare the same record at once.
   */
  recheck(request: RecheckRequest): Promise<RecheckResult> {
    return this.#exclusive(() => this.#watcher().recheck(request));
  }

  #watcher(record?: (poll: () => Promise<PollTally>) => Promise<PollTally>): ChangeWatcher {
    return new ChangeWatcher({
      aroundPoll: (poll) => this.#exclusive(() => (record ? record(poll) : poll())),
      client: this.client,
      cache: this.cache,
      engine: this.engine,
      state: this.state.forPlugin(WATCH_STATE),
      instance: this.config.instanceName,
      logger: this.logger,
    });
  }

  /** One change comparison at a time (polls and rechecks), in the order asked. */
  #exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.#changeTurn.then(fn);
    this.#changeTurn = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
  #changeTurn: Promise<void> = Promise.resolve();

  async close(): Promise<void> {
    // Flushes the hit/miss counts; closes the cache's Redis connections (a cache over the file leaves it open).
    await this.cache.close().catch(() => undefined);
    await this.client.close();
    await this.state.close();
    await this.storage.close();
  }

  private entriesOf(pipeline: string) {
    const entries = this.config.pipelines[pipeline];
    if (!entries) {
      throw createError('ECONFIG_UNKNOWN_PIPELINE', {
        pipeline,
        known: this.pipelineNames(),
        configFile: this.config.filepath,
      });
    }
    this.#checkSecrets(entries);
    return entries;
  }

  /** Every `{ env }` secret the pipeline needs and the environment lacks, reported in one go. */
  #checkSecrets(entries: PipelineStepEntry[]): void {
    const stepOwners = new Map(this.engine.listSteps().map((step) => [step.id, step.plugin]));
    const plugins = this.engine.listPlugins();
    const problems = missingEnvSecrets({ entries, plugins, stepOwners, env: this.#env });
    if (problems.length > 0) throw new ConfigError(problems);
  }

  /** The run's decisions, with its item counts: a plan's totals are the very counts `apply` reports. */
  private planOf(pipeline: string, summary: RunSummary): Plan {
    return {
      format: 'glueflow-plan',
      version: PLAN_FORMAT_VERSION,
      pipeline,
      instance: this.config.instanceName,
      createdAt: new Date().toISOString(),
      entries: [...this.services.planEntries],
      counts: { ...summary.counts },
    };
  }
}

async function loadConfiguredPlugins(
  config: ResolvedConfig,
  options: RuntimeOptions,
): Promise<LoadedPlugin[]> {
  const { plugins, problems } = await loadPlugins(config.plugins, {
    cwd: config.filepath ? path.dirname(config.filepath) : process.cwd(),
    ...(options.pluginFallbackFrom ? { fallbackFrom: options.pluginFallbackFrom } : {}),
  });
  if (problems.length > 0) throw new ConfigError(problems);
  return plugins;
}

/** A plan file as read from disk: the right format and version, or a clear error. */
export function checkPlan(value: unknown, file: string): asserts value is Plan {
  const plan = value as Partial<Plan> | null;
  if (!plan || typeof plan !== 'object' || plan.format !== 'glueflow-plan') {
    throw createError('EPLAN_FORMAT', { file, reason: 'no "format": "glueflow-plan"' });
  }
  if (plan.version !== PLAN_FORMAT_VERSION) {
    throw createError('EPLAN_FORMAT', {
      file,
      reason: `format version ${String(plan.version)}; this glueflow reads version ${PLAN_FORMAT_VERSION}`,
    });
  }
  if (typeof plan.pipeline !== 'string' || !Array.isArray(plan.entries)) {
    throw createError('EPLAN_FORMAT', { file, reason: 'missing "pipeline" or "entries"' });
  }
}
