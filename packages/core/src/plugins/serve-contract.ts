/**
 * What a plugin adds to `glueflow serve`: HTTP routes for its own webhooks and long-lived services
 * (subscription renewal), declared at `apply` time through `host.route()` / `host.service()` and used
 * only when serve runs (a `glueflow run` ignores them). Framework-neutral on purpose: a plugin never
 * imports fastify, so the receiver code is plain request → reply and testable without a server.
 * The bundled receivers (Microsoft Graph in plugin-email, HubSpot and ConnectWise in plugin-psa) are
 * written against this contract, exactly as a third-party plugin would be. docs/serve.md#plugin-routes.
 */
import type { PluginLogger } from './contract.js';

/** A request as a route handler sees it; header names are lower case. */
export interface PluginRouteRequest {
  readonly method: 'GET' | 'POST';
  /** Path and query as received, e.g. `/hooks/email/graph?validationToken=…` (for signatures over the URI). */
  readonly url: string;
  readonly params: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The body exactly as sent (UTF-8), `''` when there is none — what signatures are computed over. */
  readonly rawBody: string;
  /** The body parsed as JSON when it is JSON; `undefined` otherwise (a malformed JSON body is a 400 before the handler). */
  readonly body: unknown;
}

export interface PluginRouteReply {
  status: number;
  /** A string is sent as `text/plain`, anything else as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
}

/** One route, answered at `METHOD /hooks/<plugin>/<path>` (`<plugin>`: the name without scope or `plugin-`). */
export interface PluginRoute {
  readonly method: 'GET' | 'POST';
  /** Below the plugin's prefix, e.g. `graph` or `hubspot`; `:name` parts become `params`. */
  readonly path: string;
  /** Default: serve's body limit (`serve.bodyLimitBytes`, 64 KiB). Over it: 413, the handler is not called. */
  readonly bodyLimitBytes?: number;
  /**
   * Answer fast (senders retry on slow answers): check the request, `serve.trigger()` the work, reply 2xx.
   * A throw is answered 500 and logged with the plugin's name; nothing of the request is echoed.
   */
  handler(request: PluginRouteRequest, serve: ServeServices): PluginRouteReply | Promise<PluginRouteReply>;
}

/** Work that lives as long as serve does, e.g. creating and renewing push subscriptions. */
export interface PluginService {
  /** Shown in logs and `/readyz` reasons. */
  readonly name: string;
  /**
   * Called once serve listens. Return when set up; keep timers going until `serve.signal` aborts (serve
   * is stopping). A throw is logged and counted; serve keeps running without this service.
   */
  start(serve: ServeServices): void | Promise<void>;
}

/** A pipeline step of this plugin, as configured: what a receiver may trigger. */
export interface StepEntryRef {
  readonly pipeline: string;
  /** Position in the pipeline, from 0. */
  readonly index: number;
  /** Step id, e.g. `email.import`. */
  readonly step: string;
  /** The step's `with:` options after its schema parsed them (defaults applied). */
  readonly options: unknown;
}

export interface TriggerRequest {
  readonly pipeline: string;
  /** The step to run (index in the pipeline); only this step runs, limited to `items`. */
  readonly index: number;
  /**
   * Source keys the push named (message ids, PSA company ids); the step sees them as `ctx.targets`.
   * Omitted: the whole step, as a scheduled run would do it (a catch-up after the sender said pushes
   * were missed); its `ctx.targets` is then undefined.
   */
  readonly items?: readonly string[];
}

/** `queued`: a run will take them; `merged`: they join items already waiting for the same step. */
export type TriggerOutcome = 'queued' | 'merged' | 'full' | 'closed';

/** What serve offers a plugin's routes and services. */
export interface ServeServices {
  /** The URL senders reach serve at (`serve.publicUrl`, e.g. behind a reverse proxy); undefined if not set. */
  readonly publicUrl: string | undefined;
  /** This plugin's route prefix, e.g. `/hooks/email`. */
  readonly prefix: string;
  /** Aborted when serve stops. */
  readonly signal: AbortSignal;
  readonly logger: PluginLogger;
  /** This plugin's steps as the config uses them (only its own: a plugin cannot trigger another's steps). */
  entries(step?: string): StepEntryRef[];
  /**
   * Runs one step of a pipeline for just these items, soon and asynchronously. Items waiting for the same
   * step are merged into one run; a run of the same pipeline in progress is waited for, never overlapped.
   */
  trigger(request: TriggerRequest): TriggerOutcome;
  /**
   * Whether this plugin's receiving works: a problem (a subscription that could not be renewed) makes
   * `/readyz` answer 503 with it as a reason until it is cleared with `undefined`. Never put a secret in it.
   */
  reportHealth(problem: string | undefined): void;
}
