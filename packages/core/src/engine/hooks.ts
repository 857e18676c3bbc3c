/**
 * Every hook the Glueflow engine offers, declared once, typed and frozen — the one place a plugin
 * author learns what can be tapped. The hook class carries the meaning (tapable conventions):
 * Series = ordered effects, Waterfall = transform a value, Bail = first answer wins,
 * HookMap = one hook per key. Tap with your plugin's name: `hooks.onPasswordRotated.tapPromise(NAME, fn)`.
 *
 * What a throwing listener does, and which entity events reach which hook, is data: `HOOK_DEFINITIONS`,
 * next to `createHooks`. Listeners on event hooks (`on*`, `entity`, after-run/step) are isolated: a failure is stamped
 * with its plugin and hook, reported in the run summary and does not stop the other listeners. Errors
 * thrown from `beforeRun`/`beforeStep` fail the run/step, from `beforeWrite` or `resolveOrganization`
 * the item being written.
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

/** What a hook is for; the engine's code paths (and docs/hooks.md's groups of meaning) go by it. */
export type HookKind = 'lifecycle' | 'write' | 'resolve' | 'entity' | 'notification';

/**
 * A listener that throws: `fatal` fails the run, step or item it was called for; `isolated` is stamped
 * with its plugin and hook, reported in the run summary, and the other listeners still run.
 */
export type ListenerErrors = 'fatal' | 'isolated';

/** Entity events an entity hook hears: those with this `"<type>:<action>"` key (and the mark, if set). */
export interface EntityRoute {
  readonly key: EntityEventKey;
  /** Only events carrying this field: a document-source flexible asset, a password whose value moved. */
  readonly marked?: 'documentSource' | 'passwordUpdatedAt';
}

export interface HookDefinition {
  readonly kind: HookKind;
  readonly listenerErrors: ListenerErrors;
  /**
   * Entity hooks only: the events delivered to it, or `every` one (`entity` hears each at its own key).
   * An event reaches its hooks in this table's order.
   */
  readonly events?: 'every' | readonly EntityRoute[];
}

/**
 * Every hook's meaning as data (semantic-release's lifecycle table): what kind it is, what a throwing
 * listener does, and which entity events go to it. The tap instrumentation, the event emitter,
 * `hookNameOf` (what `watch` and the demo print) and docs/hooks.md all read this table; a new hook
 * does not compile until it has a row.
 */
export const HOOK_DEFINITIONS = {
  beforeRun: { kind: 'lifecycle', listenerErrors: 'fatal' },
  afterRun: { kind: 'lifecycle', listenerErrors: 'isolated' },
  beforeStep: { kind: 'lifecycle', listenerErrors: 'fatal' },
  afterStep: { kind: 'lifecycle', listenerErrors: 'isolated' },
  beforeWrite: { kind: 'write', listenerErrors: 'fatal' },
  resolveOrganization: { kind: 'resolve', listenerErrors: 'fatal' },
  onDocumentCreated: {
    kind: 'entity',
    listenerErrors: 'isolated',
    events: [{ key: 'document:created' }, { key: 'flexible-asset:created', marked: 'documentSource' }],
  },
  onOrganizationUpdated: {
    kind: 'entity',
    listenerErrors: 'isolated',
    events: [{ key: 'organization:updated' }],
  },
  onPasswordRotated: {
    kind: 'entity',
    listenerErrors: 'isolated',
    events: [{ key: 'password:updated', marked: 'passwordUpdatedAt' }],
  },
  entity: { kind: 'entity', listenerErrors: 'isolated', events: 'every' },
  onEntityEvent: { kind: 'entity', listenerErrors: 'isolated', events: 'every' },
  onRequest: { kind: 'notification', listenerErrors: 'isolated' },
  onRetry: { kind: 'notification', listenerErrors: 'isolated' },
  onRateLimited: { kind: 'notification', listenerErrors: 'isolated' },
  onCircuitStateChange: { kind: 'notification', listenerErrors: 'isolated' },
} as const satisfies Record<HookName, HookDefinition>;

/** The entity hooks, in delivery order. */
export type EntityHookName = {
  [N in HookName]: (typeof HOOK_DEFINITIONS)[N]['kind'] extends 'entity' ? N : never;
}[HookName];

/**
 * Named tapable stages (lower runs first; a plain tap is stage 0). Order taps by these, never by number:
 * `tapPromise({ name, stage: STAGES.coreFallback }, fn)`.
 */
export const STAGES = Object.freeze({
  /** Core's own answer, asked after every plugin's (core's `resolveOrganization` by id and by name). */
  coreFallback: 100,
});
