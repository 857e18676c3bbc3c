/**
 * The plugin contract: a `name`, an options schema, and `apply(engine, options)` that taps hooks
 * and registers steps. Plugins are plain objects so that two copies of @glueflow/core in one
 * install (a plugin's and the CLI's) still agree — nothing here relies on `instanceof`.
 */
import type { PluginState } from '../state/plugin-state.js';
import type { z } from 'zod';
import type { EngineHooks } from '../engine/hooks.js';
import type { StepDefinition } from './step.js';
import type { SecretRef } from '../config/secrets.js';
import type { PluginRoute, PluginService } from './serve-contract.js';

/**
 * The plugin API generation this core implements. A plugin records the generation it was built
 * for (`definePlugin` stamps it); core refuses generations it does not support with a clear error.
 */
export const PLUGIN_API_VERSION = 1;
/** Oldest plugin API generation this core still loads. */
export const MIN_PLUGIN_API_VERSION = 1;

/** What a plugin's `apply` receives: the hooks, step registration and a scoped logger. */
export interface PluginHost {
  readonly hooks: EngineHooks;
  /** Register a pipeline step, e.g. `registerStep('markdown.import', {...})`. Ids are `<plugin>.<verb>`. */
  registerStep<S extends z.ZodType>(id: string, definition: StepDefinition<S>): void;
  readonly logger: PluginLogger;
  /** The IT Glue instance name this engine serves. */
  readonly instance: string;
  /**
   * Resolves a `{ env }` / `{ keychain }` secret reference from the plugin's options (for hook listeners
   * that need a credential, e.g. a webhook signing key). Call it when the secret is needed, not in `apply`.
   */
  secret(ref: SecretRef): string;
  /**
   * The plugin's own slice of the state store (mappings, journal, watermarks, bookmarks), for hook
   * listeners that must remember something across runs — e.g. deliveries to retry. Steps get the same
   * through `ctx.state`.
   */
  state(): PluginState;
  /**
   * An HTTP route this plugin answers under `glueflow serve`, at `METHOD /hooks/<plugin>/<path>` — for its
   * own webhooks (see serve-contract.ts). Ignored outside serve.
   */
  route(route: PluginRoute): void;
  /** Work that runs while `glueflow serve` runs (renewing push subscriptions). Ignored outside serve. */
  service(service: PluginService): void;
}

export interface PluginLogger {
  error(message: string, meta?: Record<string, unknown>): void;
  warn(message: string, meta?: Record<string, unknown>): void;
  info(message: string, meta?: Record<string, unknown>): void;
  debug(message: string, meta?: Record<string, unknown>): void;
}

export interface GlueflowPlugin<S extends z.ZodType = z.ZodType> {
  /** The package name (`@glueflow/plugin-markdown`, `glueflow-plugin-teams`); unique per engine. */
  readonly name: string;
  /** Plugin API generation it was built for; see PLUGIN_API_VERSION. */
  readonly apiVersion: number;
  readonly description?: string;
  /**
   * One zod object schema with `.describe()` and (where optional) `.default()` on every key.
   * Unknown keys are rejected at load time, before any IT Glue call.
   */
  readonly options?: S;
  apply(host: PluginHost, options: z.output<S>): void | Promise<void>;
}

export interface PluginDefinition<S extends z.ZodType> {
  name: string;
  description?: string;
  options?: S;
  apply(host: PluginHost, options: z.output<S>): void | Promise<void>;
}

/** Types a plugin and stamps the plugin API generation it is built against. */
export function definePlugin<S extends z.ZodType = z.ZodObject<Record<string, never>>>(
  definition: PluginDefinition<S>,
): GlueflowPlugin<S> {
  return Object.freeze({ apiVersion: PLUGIN_API_VERSION, ...definition });
}

/** Structural check used by the loader on whatever a module exported. */
export function isGlueflowPlugin(value: unknown): value is GlueflowPlugin {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { name?: unknown }).name === 'string' &&
    typeof (value as { apply?: unknown }).apply === 'function'
  );
}
