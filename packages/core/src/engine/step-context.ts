/**
 * What a step's `run(ctx, options)` receives. Everything a step touches comes through here
 * (inject, don't reach), so a step runs the same against IT Glue, the emulator, or in a dry run.
 */
import type { SecretRef } from '../config/secrets.js';
import type { PluginLogger } from '../plugins/contract.js';
import type {
  ItemCounts,
  GlueflowMessage,
  OrganizationReference,
  ResolvedOrganization,
  RunInfo,
  StepInfo,
} from './hook-types.js';
import type { PluginState } from '../state/plugin-state.js';
import type { CacheReader, StepItGlue } from './step-itglue.js';

export interface StepContext {
  readonly run: RunInfo;
  readonly step: StepInfo;
  /** True in `plan` and `--dry-run`: writes become planned changes, nothing reaches IT Glue or state. */
  readonly dryRun: boolean;
  readonly instance: string;
  /** The folder of the config file that declared this step; resolve relative paths against it. */
  readonly baseDir: string;
  /** Reads of IT Glue, and duplicate-free, write-gated writes (see step-itglue.ts). */
  readonly itglue: StepItGlue;
  /** Local metadata lookups (organizations by name, flexible asset types …) without API calls. */
  readonly cache: CacheReader;
  /** This plugin's own durable state: bookmarks, watermarks (namespaced, survives restarts). */
  readonly state: PluginState;
  readonly logger: PluginLogger;
  /**
   * Set when a push asked for this run (a webhook through `glueflow serve`): the source keys it named
   * (Graph message ids, PSA company ids). Handle just these items — fetch each by its key — instead of
   * listing the source. A key the source no longer has is skipped, not an error. Undefined in a normal run.
   */
  readonly targets?: readonly string[];
  /** Cancelled when the run is interrupted (SIGINT) — stop taking new items. */
  readonly signal: AbortSignal;
  /**
   * Record a per-item problem or note (severity, reason, item, place, hint). An `error` with an `item`
   * counts that item `failed` (vfile's fatal message): never count a failure yourself. A throw inside
   * `forEachItem` becomes such a message. Warnings and notes count nothing: pair them with
   * `count('skipped')` when the item is left out.
   */
  report(message: GlueflowMessage): void;
  /**
   * Count an item outcome that did not go through `itglue.upsert` (e.g. skipped by a filter). `failed`
   * is not one: it follows from an error message (`report`).
   */
  count(outcome: Exclude<keyof ItemCounts, 'failed'>, n?: number): void;
  /** Report progress for progress bars; `total` when known. */
  progress(done: number, total?: number): void;
  /** Resolve a `{ env }` / `{ keychain }` secret reference, only when needed. */
  secret(ref: SecretRef): string;
  /**
   * A secret the step obtained at run time (an OAuth access token, a session key): masked in logs,
   * reports and `--json` from now on, like a resolved `{ env }` value.
   */
  maskSecret(value: string): void;
  /** Ask the `resolveOrganization` hook (plugins' and core's strategies) to map a reference. */
  resolveOrganization(reference: OrganizationReference): Promise<ResolvedOrganization | undefined>;
  /**
   * Process items with bounded concurrency (the client's in-flight limit) so thousands of items run at
   * the rate budget's pace. A throw from `fn` fails that item only and is reported with `item`'s key.
   */
  forEachItem<T>(
    items: Iterable<T> | AsyncIterable<T>,
    key: (item: T) => string,
    fn: (item: T) => Promise<void>,
  ): Promise<void>;
}
