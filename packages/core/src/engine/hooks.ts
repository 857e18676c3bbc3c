/**
 * Every hook the Glueflow engine offers, declared once, typed and frozen — the one place a plugin
 * author learns what can be tapped. The hook class carries the meaning (tapable conventions):
 * Series = ordered effects, Waterfall = transform a value, Bail = first answer wins,
 * HookMap = one hook per key. Tap with your plugin's name: `hooks.onPasswordRotated.tapPromise(NAME, fn)`.
 *
 * Listener isolation: a listener that throws on an event hook (`on*`, `entity`, run/step notifications)
 * is stamped with its plugin and hook, reported in the run summary and does not stop the other
 * listeners. Errors thrown from `beforeWrite` or `resolveOrganization` fail the item being written.
 */
import { AsyncSeriesBailHook, AsyncSeriesHook, AsyncSeriesWaterfallHook, HookMap, SyncHook } from 'tapable';
import type { TypedHookMap } from 'tapable';
import type {
  DocumentCreatedEvent,
  EntityEvent,
  EntityEventKey,
  OrganizationUpdatedEvent,
  PasswordRotatedEvent,
} from './events.js';
import type {
  CircuitStateChange,
  OrganizationReference,
  PlannedWrite,
  RateLimitedInfo,
  RequestInfo,
  ResolvedOrganization,
  RetryInfo,
  RunInfo,
  RunSummary,
  StepInfo,
  StepResult,
} from './hook-types.js';

export type EntityHookMap = TypedHookMap<{ [K in EntityEventKey]: AsyncSeriesHook<[EntityEvent]> }>;

export function createHooks() {
  return Object.freeze({
    // ── Run lifecycle ────────────────────────────────────────────────────────────────────────────
    /** Before the first step of a pipeline run (also dry runs). Throwing aborts the run. */
    beforeRun: new AsyncSeriesHook<[RunInfo]>(['run']),
    /** After the last step, with the summary the CLI prints. Listener errors are reported, not fatal. */
    afterRun: new AsyncSeriesHook<[RunInfo, RunSummary]>(['run', 'summary']),
    /** Before each step starts. Throwing fails that step (the run goes on with the next). */
    beforeStep: new AsyncSeriesHook<[StepInfo]>(['step']),
    /** After each step finished (also when it failed), with its counts and messages. */
    afterStep: new AsyncSeriesHook<[StepInfo, StepResult]>(['step', 'result']),

    // ── Writes ───────────────────────────────────────────────────────────────────────────────────
    /**
     * Before every create/update the engine is about to send (or plan, in a dry run). Return the
     * write — changed, or with `veto: "reason"` set to skip it. Returning `undefined` keeps it as is.
     */
    beforeWrite: new AsyncSeriesWaterfallHook<[PlannedWrite]>(['write']),
    /**
     * Map a reference (organization name, e-mail domain, PSA id …) to an IT Glue organization.
     * The first listener that returns a result wins; return `undefined` to pass.
     */
    resolveOrganization: new AsyncSeriesBailHook<[OrganizationReference], ResolvedOrganization | undefined>([
      'reference',
    ]),

    // ── Entity events (pipelines and `watch`) ────────────────────────────────────────────────────
    /** A document — or a flexible asset created from a document source such as markdown — now exists. */
    onDocumentCreated: new AsyncSeriesHook<[DocumentCreatedEvent]>(['event']),
    /** An organization changed, with `before`, `after` and `changedFields`. */
    onOrganizationUpdated: new AsyncSeriesHook<[OrganizationUpdatedEvent]>(['event']),
    /** A password's value changed (`password-updated-at` moved). Carries metadata only, never the value. */
    onPasswordRotated: new AsyncSeriesHook<[PasswordRotatedEvent]>(['event']),
    /** One hook per `"<type>:<action>"`, e.g. `hooks.entity.for('configuration:created')`. */
    entity: new HookMap(
      (key: string) => new AsyncSeriesHook<[EntityEvent]>(['event'], key),
      'entity',
    ) as EntityHookMap,
    /** Every entity event of every type, after the type-specific hooks. */
    onEntityEvent: new AsyncSeriesHook<[EntityEvent]>(['event']),

    // ── Transport notifications (synchronous; keep listeners cheap) ─────────────────────────────
    /** After every IT Glue HTTP request attempt completed or failed. */
    onRequest: new SyncHook<[RequestInfo]>(['request']),
    /** A request is about to be retried, with the delay chosen. */
    onRetry: new SyncHook<[RetryInfo]>(['retry']),
    /** IT Glue answered 429; the shared budget pauses until `pausedUntil`. */
    onRateLimited: new SyncHook<[RateLimitedInfo]>(['info']),
    /** The circuit breaker changed state (closed → open → half-open → closed). */
    onCircuitStateChange: new SyncHook<[CircuitStateChange]>(['change']),
  });
}

export type EngineHooks = ReturnType<typeof createHooks>;
export type HookName = keyof EngineHooks;

/** Hooks whose listener errors are isolated and reported instead of propagating. */
export const NOTIFICATION_HOOKS: ReadonlySet<HookName> = new Set<HookName>([
  'afterRun',
  'afterStep',
  'onDocumentCreated',
  'onOrganizationUpdated',
  'onPasswordRotated',
  'entity',
  'onEntityEvent',
  'onRequest',
  'onRetry',
  'onRateLimited',
  'onCircuitStateChange',
]);
