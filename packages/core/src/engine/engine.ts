/**
 * One Engine per run: holds the hooks, applies plugins, validates pipelines against the steps the
 * plugins registered, and runs a pipeline's steps in order with a StepContext each. Everything it
 * talks to (writes, request stats, secrets, logger) is injected.
 */
import { randomUUID } from 'node:crypto';
import { createError } from '../errors/catalogue.js';
import type { z } from 'zod';
import type { ConfigProblem } from '../config/problems.js';
import { configProblem, parseKeyPath, zodIssuesToProblems } from '../config/problems.js';
import type { PipelineStepEntry } from '../config/resolve-config.js';
import type { SecretSources } from '../config/secrets.js';
import { resolveSecret } from '../config/secrets.js';
import type { PluginHost, PluginLogger } from '../plugins/contract.js';
import type { PluginRoute, PluginService, StepEntryRef } from '../plugins/serve-contract.js';
import type { HeldRunLock } from '../state/run-lock.js';
import type { LoadedPlugin } from '../plugins/load-plugins.js';
import type { RegisteredStep, StepDefinition } from '../plugins/step.js';
import { EntityEventDelivery } from './entity-event-delivery.js';
import type { EmittableEvent } from './events.js';
import { forEachBounded } from './for-each-item.js';
import type {
  ItemCounts,
  GlueflowMessage,
  RunInfo,
  RunSummary,
  StepInfo,
  StepResult,
  RequestStats,
} from './hook-types.js';
import { failedItemsOf } from './glueflow-message.js';
import { createHooks } from './hooks.js';
import type { EngineHooks } from './hooks.js';
import { onDeletedOf } from './on-deleted.js';
import type { OnDeleted } from './on-deleted.js';
import {
  buildSummary,
  emptyCounts,
  stepStatus,
  summarizeFailures,
  warningsBetween,
  withListenerFailures,
} from './run-summary.js';
import type { StepContext } from './step-context.js';
import { instrumentHooks, stampError } from './tap-instrumentation.js';
import type { ListenerFailure } from './tap-instrumentation.js';
import type { PluginState } from '../state/plugin-state.js';
import type { CacheReader, StepItGlue } from './step-itglue.js';

/** Per-step services the engine needs from the client/state layer. */
export interface StepServices {
  /** IT Glue for one step: reads + the write gate (dry-run aware), reporting through `emit`/`count`. */
  itglue(scope: WriteScope): StepItGlue;
  readonly cache: CacheReader;
  /** A plugin's namespaced state; a dry run's also shows the mappings its planned creates would leave. */
  state(plugin: string, dryRun?: boolean): PluginState;
  requestStats(): RequestStats;
}

export interface WriteScope {
  hooks: EngineHooks;
  run: RunInfo;
  step: StepInfo;
  dryRun: boolean;
  emit(event: EmittableEvent): Promise<void>;
  count(outcome: keyof ItemCounts): void;
  report(message: GlueflowMessage): void;
  /** The step's `onDeleted` option (a core-level option the step's schema offers; see on-deleted.ts). */
  onDeleted: OnDeleted;
  /**
   * Set when other runs may write the same things at once (batches of a split run, any run on a shared
   * Redis state): each item, attachment and flexible asset type is written holding a lock of its own,
   * taken by name (writes/facade.ts names them).
   */
  writeLock?: (name: string) => Promise<HeldRunLock>;
}

export interface EngineOptions {
  instance: string;
  logger: PluginLogger & { child?(meta: Record<string, unknown>): PluginLogger };
  services: StepServices;
  secrets: SecretSources;
  /** Items in flight per step (the client's in-flight limit). */
  concurrency?: number;
}

export interface RunOptions {
  dryRun?: boolean;
  signal?: AbortSignal;
  onProgress?: (step: StepInfo, done: number, total?: number) => void;
  /**
   * A run a push asked for (serve's `trigger`): only the steps at these indexes run, each limited to the
   * listed source keys (its `ctx.targets`), or over everything (`all`: a catch-up). Without it every
   * step runs over everything.
   */
  targets?: Readonly<Record<number, readonly string[] | 'all'>>;
  /**
   * Takes a write lock by name (the runtime provides it from its lock store when other runs may write
   * the same items: batches of a split run, and every run on a shared Redis state). See WriteScope.
   */
  writeLock?: (name: string) => Promise<HeldRunLock>;
}

/** A plugin's serve route or service, with the plugin that declared it. */
export interface ServeParts {
  routes: Array<{ plugin: string; route: PluginRoute }>;
  services: Array<{ plugin: string; service: PluginService }>;
}

export class Engine {
  readonly hooks: EngineHooks = createHooks();
  readonly instance: string;
  private readonly steps = new Map<string, RegisteredStep>();
  private readonly plugins: LoadedPlugin[] = [];
  private listenerFailures: ListenerFailure[] = [];
  private readonly delivery = new EntityEventDelivery(this.hooks);
  /** Routes and services plugins declared for `glueflow serve`. */
  readonly serveParts: ServeParts = { routes: [], services: [] };

  constructor(private readonly options: EngineOptions) {
    this.instance = options.instance;
    instrumentHooks(this.hooks, options.logger, (failure) => this.listenerFailures.push(failure));
  }

  /** Applies plugins in config order; a plugin's `apply` gets a host that stamps its name on steps. */
  async use(plugins: LoadedPlugin[]): Promise<void> {
    for (const loaded of plugins) {
      const host = this.hostFor(loaded.plugin.name);
      try {
        await loaded.plugin.apply(host, loaded.options as never);
      } catch (error) {
        throw stampError(error, loaded.plugin.name, 'apply');
      }
      this.plugins.push(loaded);
    }
  }

  /**
   * Delivers one event observed outside a pipeline (the change watcher) to every listener and says how
   * many listeners failed — the watcher only moves its watermark past events every listener took.
   */
  async deliver(event: EmittableEvent): Promise<ListenerFailure[]> {
    const before = this.listenerFailures.length;
    await this.delivery.emit(event);
    return this.listenerFailures.slice(before);
  }

  /** Registered steps by id, for `glueflow plugins`. */
  listSteps(): RegisteredStep[] {
    return [...this.steps.values()];
  }

  listPlugins(): LoadedPlugin[] {
    return [...this.plugins];
  }

  /** Which hooks each plugin taps, for `glueflow plugins`. */
  tapsByPlugin(): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const [hookName, hook] of Object.entries(this.hooks)) {
      if (hookName === 'entity') continue;
      for (const tap of (hook as { taps: Array<{ name: string }> }).taps)
        (out[tap.name] ??= []).push(hookName);
    }
    return out;
  }

  /** A plugin's steps as these pipelines use them, options parsed (serve's `entries()` for its receivers). */
  stepEntriesOf(plugin: string, pipelines: Record<string, PipelineStepEntry[]>): StepEntryRef[] {
    const out: StepEntryRef[] = [];
    for (const [pipeline, entries] of Object.entries(pipelines)) {
      for (const [index, entry] of entries.entries()) {
        const registered = this.steps.get(entry.step);
        if (registered?.plugin !== plugin) continue;
        const parsed = parseStepOptions(registered.definition, entry.with);
        if (parsed.success) out.push({ pipeline, index, step: entry.step, options: parsed.data });
      }
    }
    return out;
  }

  /**
   * The source keys step `index` of a pipeline would handle (its `listItems`), read with a dry-run
   * context; `undefined` when the step cannot list (it then runs whole, never split across workers).
   */
  async listItems(
    pipeline: string,
    entries: PipelineStepEntry[],
    index: number,
  ): Promise<string[] | undefined> {
    const entry = entries[index];
    const registered = entry && this.steps.get(entry.step);
    if (!entry || !registered?.definition.listItems) return undefined;
    const parsed = parseStepOptions(registered.definition, entry.with);
    if (!parsed.success) throw createError('ECONFIG_STEP_OPTIONS', { step: entry.step });
    const run: RunInfo = {
      runId: randomUUID(),
      pipeline,
      dryRun: true,
      instance: this.instance,
      startedAt: new Date().toISOString(),
    };
    const info: StepInfo = {
      runId: run.runId,
      pipeline,
      index,
      step: entry.step,
      name: entry.name ?? entry.step,
      plugin: registered.plugin,
    };
    const messages: GlueflowMessage[] = [];
    const ctx = this.stepContext(run, info, entry, {
      counts: emptyCounts(),
      report: (message) => messages.push(message),
      signal: new AbortController().signal,
      options: { dryRun: true },
      onDeleted: onDeletedOf(parsed.data),
    });
    const listed = await registered.definition.listItems(ctx, parsed.data);
    if (listed === undefined) return undefined;
    const keys: string[] = [];
    for await (const key of listed) keys.push(key);
    return [...new Set(keys)];
  }

  /** Checks every pipeline's steps exist and their `with:` options parse; returns all problems. */
  validatePipelines(pipelines: Record<string, PipelineStepEntry[]>): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    for (const entries of Object.values(pipelines)) {
      for (const entry of entries) {
        const file = entry.declaredIn ?? 'config';
        const step = this.steps.get(entry.step);
        if (!step) {
          problems.push(
            configProblem(file, `${entry.keyPath}.step`, {
              reason: `unknown step "${entry.step}"`,
              expected: `one of ${[...this.steps.keys()].join(', ') || '(no steps: add a plugin)'}`,
              actual: JSON.stringify(entry.step),
              hint: 'add the plugin that provides it to `plugins:`',
            }),
          );
          continue;
        }
        const parsed = parseStepOptions(step.definition, entry.with);
        if (!parsed.success) {
          problems.push(
            ...zodIssuesToProblems(
              parsed.error.issues,
              file,
              [...parseKeyPath(entry.keyPath), 'with'],
              step.definition.options,
            ),
          );
        }
      }
    }
    return problems;
  }

  /** Runs a pipeline. Never throws for item or step failures: they are in the summary. */
  async run(pipeline: string, entries: PipelineStepEntry[], options: RunOptions = {}): Promise<RunSummary> {
    const startedAt = Date.now();
    const dryRun = options.dryRun ?? false;
    const signal = options.signal ?? new AbortController().signal;
    this.listenerFailures = [];
    this.delivery.resetCounts();
    const before = this.options.services.requestStats();
    const run: RunInfo = {
      runId: randomUUID(),
      pipeline,
      dryRun,
      instance: this.instance,
      startedAt: new Date(startedAt).toISOString(),
    };
    const results: StepResult[] = [];
    const messages: GlueflowMessage[] = [];
    let fatal = false;
    try {
      await this.hooks.beforeRun.promise(run);
    } catch (error) {
      fatal = true;
      messages.push(errorMessage(error, 'beforeRun'));
    }
    const progress = { done: 0, total: undefined as number | undefined };
    const notRun: string[] = [];
    for (const [index, entry] of entries.entries()) {
      if (options.targets && !options.targets[index]) continue; // a push named other steps only
      if (fatal || signal.aborted) {
        if (signal.aborted) notRun.push(entry.name ?? entry.step);
        continue;
      }
      progress.done = 0;
      progress.total = undefined;
      const result = await this.runStep(run, entry, index, signal, {
        ...options,
        onProgress: (step, done, total) => {
          progress.done = done;
          progress.total = total;
          options.onProgress?.(step, done, total);
        },
      });
      results.push(result);
      messages.push(...result.messages);
    }
    const after = this.options.services.requestStats();
    const summary = buildSummary({
      pipeline,
      dryRun,
      steps: results,
      fatal,
      messages,
      requests: {
        total: after.total - before.total,
        retries: after.retries - before.retries,
        rateLimited: after.rateLimited - before.rateLimited,
      },
      warnings: warningsBetween(before.warnings, after.warnings),
      events: { ...this.delivery.counts },
      listenerFailures: this.listenerFailures,
      durationMs: 0,
    });
    await this.hooks.afterRun.promise(run, summary);
    // afterRun listeners may fail too; the summary lists them.
    summary.listenerFailures = summarizeFailures(this.listenerFailures);
    summary.status = withListenerFailures(summary.status, summary.listenerFailures.length);
    if (signal.aborted) {
      // Stopped by a signal: what was done stands (journalled, mapped); say so instead of "ok".
      summary.status = 'interrupted';
      summary.interrupted = {
        remaining: progress.total === undefined ? null : Math.max(0, progress.total - progress.done),
        stepsNotRun: notRun,
      };
    }
    summary.durationMs = Date.now() - startedAt;
    return summary;
  }

  private async runStep(
    run: RunInfo,
    entry: PipelineStepEntry,
    index: number,
    signal: AbortSignal,
    options: RunOptions,
  ): Promise<StepResult> {
    const startedAt = Date.now();
    const registered = this.steps.get(entry.step);
    const info: StepInfo = {
      runId: run.runId,
      pipeline: run.pipeline,
      index,
      step: entry.step,
      name: entry.name ?? entry.step,
      plugin: registered?.plugin ?? '(unknown)',
    };
    const counts = emptyCounts();
    const messages: GlueflowMessage[] = [];
    const source = `${info.plugin}:${info.step}`;
    const report = (message: GlueflowMessage) => {
      const stamped = { source, ...message };
      messages.push(stamped);
      // An error about an item fails it: `failed` follows from the message, never from a second call.
      counts.failed += failedItemsOf(stamped);
      this.options.logger[
        stamped.severity === 'info' ? 'info' : stamped.severity === 'warning' ? 'warn' : 'error'
      ](stamped.reason, { ...stamped });
    };
    let threw = false;
    try {
      if (!registered) throw createError('ECONFIG_UNKNOWN_STEP', { step: entry.step });
      await this.hooks.beforeStep.promise(info);
      const parsed = parseStepOptions(registered.definition, entry.with);
      if (!parsed.success) throw createError('ECONFIG_STEP_OPTIONS', { step: entry.step });
      const onDeleted = onDeletedOf(parsed.data);
      const ctx = this.stepContext(run, info, entry, { counts, report, signal, options, onDeleted });
      await registered.definition.run(ctx, parsed.data);
      await ctx.itglue.endStep?.();
    } catch (error) {
      threw = true;
      report(errorMessage(error, source));
    }
    const result: StepResult = {
      status: stepStatus(counts, threw),
      counts,
      messages,
      durationMs: Date.now() - startedAt,
    };
    await this.hooks.afterStep.promise(info, result);
    return result;
  }

  private stepContext(
    run: RunInfo,
    step: StepInfo,
    entry: PipelineStepEntry,
    scope: {
      counts: ItemCounts;
      report: (m: GlueflowMessage) => void;
      signal: AbortSignal;
      options: RunOptions;
      onDeleted: OnDeleted;
    },
  ): StepContext {
    const count = (outcome: keyof ItemCounts, n = 1) => {
      scope.counts[outcome] += n;
    };
    const itglue = this.options.services.itglue({
      hooks: this.hooks,
      run,
      step,
      dryRun: run.dryRun,
      emit: (event) => this.delivery.emit(event),
      count: (outcome) => count(outcome),
      report: scope.report,
      onDeleted: scope.onDeleted,
      ...(scope.options.writeLock && !run.dryRun ? { writeLock: scope.options.writeLock } : {}),
    });
    const logger =
      this.options.logger.child?.({ plugin: step.plugin, step: step.step }) ?? this.options.logger;
    return {
      run,
      step,
      dryRun: run.dryRun,
      instance: this.instance,
      baseDir: entry.baseDir,
      itglue,
      cache: this.options.services.cache,
      state: this.options.services.state(step.plugin, run.dryRun),
      logger,
      signal: scope.signal,
      report: scope.report,
      count,
      ...targetsOf(scope.options, step.index),
      progress: (done, total) => scope.options.onProgress?.(step, done, total),
      secret: (ref) => resolveSecret(ref, this.options.secrets),
      maskSecret: (value) => this.options.secrets.onResolved?.(value),
      resolveOrganization: (reference) =>
        this.hooks.resolveOrganization.promise({ plugin: step.plugin, ...reference }),
      forEachItem: (items, key, fn) =>
        forEachBounded(
          items,
          this.options.concurrency ?? 8,
          async (item) => {
            try {
              await fn(item);
            } catch (error) {
              scope.report({ ...errorMessage(error, `${step.plugin}:${step.step}`), item: key(item) });
            }
          },
          scope.signal,
        ),
    };
  }

  private hostFor(pluginName: string): PluginHost {
    const logger = this.options.logger.child?.({ plugin: pluginName }) ?? this.options.logger;
    return {
      hooks: this.hooks,
      instance: this.instance,
      logger,
      secret: (ref) => resolveSecret(ref, this.options.secrets),
      state: () => this.options.services.state(pluginName),
      registerStep: <S extends z.ZodType>(id: string, definition: StepDefinition<S>) => {
        const existing = this.steps.get(id);
        if (existing) {
          throw createError('EPLUGIN_DUPLICATE_STEP', {
            step: id,
            first: existing.plugin,
            second: pluginName,
          });
        }
        this.steps.set(id, { id, plugin: pluginName, definition: definition as unknown as StepDefinition });
      },
      route: (route) => {
        this.serveParts.routes.push({ plugin: pluginName, route });
      },
      service: (service) => {
        this.serveParts.services.push({ plugin: pluginName, service });
      },
    };
  }
}

/** The step's `ctx.targets` in a pushed run; none in a normal run or a catch-up (`all`). */
function targetsOf(options: RunOptions, index: number): { targets?: readonly string[] } {
  const targets = options.targets?.[index];
  return targets === undefined || targets === 'all' ? {} : { targets };
}

function parseStepOptions(definition: StepDefinition, raw: Record<string, unknown>) {
  const schema = definition.options;
  if (!schema) return { success: true as const, data: raw };
  const strict =
    'strict' in schema && typeof schema.strict === 'function'
      ? (schema as unknown as z.ZodObject).strict()
      : schema;
  return strict.safeParse(raw, { reportInput: true });
}

/** An error thrown inside a step, as a per-item message: code, one line, hint — no stack. */
export function errorMessage(error: unknown, source: string): GlueflowMessage {
  const e = error as { message?: string; code?: string; hint?: string; plugin?: string };
  return {
    severity: 'error',
    reason: (e?.message ?? String(error)).split('\n')[0]!,
    ...(e?.code ? { code: e.code } : {}),
    ...(e?.hint ? { hint: e.hint } : {}),
    source: e?.plugin ? `${e.plugin}:${source}` : source,
  };
}
