/** Argument types of the non-entity hooks in hooks.ts. */
import type { CircuitTransition, RateLimitedEvent, RequestEvent, RetryEvent } from '@glueflow/itglue';

export interface RunInfo {
  /** Unique per run; appears in every log line of the run. */
  runId: string;
  pipeline: string;
  dryRun: boolean;
  instance: string;
  startedAt: string;
}

export interface StepInfo {
  runId: string;
  pipeline: string;
  /** Position in the pipeline, from 0. */
  index: number;
  /** Registered step id, e.g. `markdown.import`. */
  step: string;
  /** Display name: the config's `name`, else the step id. */
  name: string;
  /** The plugin that registered the step. */
  plugin: string;
}

/**
 * What a run did, per item (a file, a PSA company, a message): each item is counted once, by its first
 * outcome. A plan counts the same way, so `plan` and `apply` can be compared line by line.
 */
export interface ItemCounts {
  created: number;
  /** Written before, deleted in IT Glue since (by a person), and created again (`onDeleted: recreate`). */
  recreated: number;
  updated: number;
  unchanged: number;
  skipped: number;
  failed: number;
  /**
   * Not an outcome of its own: items counted above that were written once more later in the same run —
   * a markdown file revisited once the records its links point at exist. A plan counts the ones it
   * expects, so an apply that does this extra write still does what the plan said.
   */
  updatedAgain: number;
}

/** `error` fails its item (vfile's fatal); `warning` and `info` are notes. */
export type MessageSeverity = 'error' | 'warning' | 'info';

/** Where a message points, each part when known (vfile-message's `file`, `line`, `column`, plus a key path). */
export interface MessagePlace {
  /** 1-based. */
  line?: number;
  /** 1-based. */
  column?: number;
}

/**
 * The one message type, after vfile-message: a problem or note about one item of a run (a file, a PSA
 * company, a Message-ID) or one key of a config, with where it points. One bad item fails alone and the
 * batch goes on; a config collects all of its problems before it says anything (ConfigProblem: the
 * config file as `item`, the key path as `place`).
 */
export interface GlueflowMessage extends MessagePlace {
  /** `error` is fatal for its item: the engine counts the item `failed` (see `failedItemsOf`). */
  severity: MessageSeverity;
  /** One line saying what happened. */
  reason: string;
  /** Stable code from a `defineErrors()` table, e.g. `EITGLUE_VALIDATION` or `EMARKDOWN_FRONT_MATTER`. */
  code?: string;
  /** The item: a file path, a PSA id, a Message-ID … */
  item?: string;
  /** How many items an error fails when it is not one `item` (a step input that costs all of them). */
  items?: number;
  /** Where in the item, as printed after it: `line:column`, a key path, a field name. */
  place?: string;
  /** `plugin` or `plugin:step` that reported it. */
  source?: string;
  expected?: string;
  actual?: string;
  hint?: string;
  url?: string;
}

/** @deprecated the one message type is `GlueflowMessage`; this name stays for plugins written before it. */
export type ItemMessage = GlueflowMessage;

export interface StepResult {
  status: 'ok' | 'partial' | 'failed';
  counts: ItemCounts;
  messages: GlueflowMessage[];
  durationMs: number;
}

/** `interrupted`: SIGINT/SIGTERM stopped it; what was done is kept and journalled, the next run resumes. */
export type RunStatus = 'ok' | 'partial' | 'failed' | 'interrupted';

/** What an interrupted run left undone. */
export interface Interruption {
  /** Items the interrupted step had not reached, when the step announced its total; else null. */
  remaining: number | null;
  /** Steps that never started. */
  stepsNotRun: string[];
}

/**
 * An attribute IT Glue sent with an unexpected type: the tolerant reader kept the record and left the
 * attribute out (client/tolerant-reader.ts). Counted per type + attribute over the run.
 */
export interface ResponseWarning {
  code: 'EITGLUE_ODD_ATTRIBUTE';
  /** JSON:API type, e.g. `logs`. */
  type: string;
  attribute: string;
  expected: string;
  found: string;
  count: number;
}

/** Requests of a run, and what the reader set aside in their answers. */
export interface RequestStats {
  total: number;
  retries: number;
  rateLimited: number;
  /** Cumulative per type + attribute (the engine reports a run's difference). */
  warnings: ResponseWarning[];
}

/** The run summary — exactly what `glueflow run --json` prints. */
export interface RunSummary {
  pipeline: string;
  dryRun: boolean;
  status: RunStatus;
  counts: ItemCounts;
  requests: { total: number; retries: number; rateLimited: number };
  /** Attributes of an unexpected type in IT Glue's answers, set aside (the records were kept). */
  warnings: ResponseWarning[];
  /** Set when a signal stopped the run (status `interrupted`). */
  interrupted?: Interruption;
  /** Events emitted during the run, by hook name (`onDocumentCreated`, `organization:created`, …). */
  events: Record<string, number>;
  messages: GlueflowMessage[];
  /** Listener failures on notification hooks, stamped with plugin and hook. */
  listenerFailures: Array<{ plugin: string; hook: string; message: string; code?: string }>;
  durationMs: number;
}

export type WriteAction = 'create' | 'update';

/** A write a step asked for, before it is sent (or recorded in a plan). */
export interface PlannedWrite {
  plugin: string;
  step: string;
  /** Identity of the source item: file path, PSA company id, Message-ID … */
  sourceKey: string;
  /** IT Glue resource type (API path name), e.g. `organizations`, `flexible_assets`. */
  resourceType: string;
  action: WriteAction;
  /** The IT Glue id, for updates. */
  recordId?: string;
  organizationId?: string;
  /** camelCase attributes to send. */
  attributes: Record<string, unknown>;
  /** Set by a `beforeWrite` listener to skip the write; the reason is reported. */
  veto?: string;
}

export type OrganizationReferenceKind = 'name' | 'id' | 'domain' | 'email' | 'psa-id' | 'subject-tag';

export interface OrganizationReference {
  kind: OrganizationReferenceKind;
  value: string;
  /** The plugin asking, so strategies can be selective. */
  plugin?: string;
}

export interface ResolvedOrganization {
  id: string;
  name?: string;
  /** Which strategy answered: shown in plans and messages. */
  via: string;
}

/**
 * The transport hooks carry the client's own events (`@glueflow/itglue`'s RequestEvent, RetryEvent,
 * RateLimitedEvent, CircuitTransition), derived here rather than declared again, so a field the client
 * adds reaches the engine's hooks too. The engine speaks ISO-8601 where the client keeps epoch ms: the
 * time fields `K` of `T` as strings.
 */
export type IsoTimes<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: string };

/** One HTTP attempt finished. The rate budget's bookkeeping (priority, wait) stays the client's. */
export type RequestInfo = Omit<RequestEvent, 'priority' | 'budgetWaitMs'>;

/** A request is about to be retried: the client's event as it is. */
export type RetryInfo = RetryEvent;

/**
 * IT Glue answered 429. Only the pause, always a time (the client's `null` becomes now + Retry-After);
 * `learnedLimit` only once learned. The request it answered is the onRequest with status 429.
 */
export type RateLimitedInfo = IsoTimes<Pick<RateLimitedEvent, 'pausedUntil'>, 'pausedUntil'> &
  Required<Pick<RateLimitedEvent, 'retryAfterMs'>> & {
    learnedLimit?: NonNullable<RateLimitedEvent['learnedLimit']>;
  };

/** The circuit breaker's transition, its time as ISO; the failure count stays in `client.health()`. */
export type CircuitStateChange = IsoTimes<Omit<CircuitTransition, 'consecutiveFailures'>, 'at'>;

export type CircuitState = CircuitTransition['from'];
