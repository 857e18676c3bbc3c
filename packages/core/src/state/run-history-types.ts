/**
 * What the run history keeps of a run, an apply, a plan or a watch poll: when, how it ended, the
 * counts, and the first few problems — enough to answer "did last night's sync work, and if not,
 * why?" without the log. Never a secret value: the runtime masks every string before it is stored.
 */
import type { Interruption, ItemCounts, MessageSeverity, RunStatus } from '../engine/hook-types.js';

/** `plan` is a dry run; `watch` one poll of `glueflow watch` (recorded under the pipeline name `watch`). */
export type RunKind = 'run' | 'plan' | 'apply' | 'watch';
export const RUN_KINDS: readonly RunKind[] = ['run', 'plan', 'apply', 'watch'];

/** `running` until it ends; a process that died without saying so is settled as `interrupted`. */
export type RecordedStatus = RunStatus | 'running';
export const RECORDED_STATUSES: readonly RecordedStatus[] = [
  'running',
  'ok',
  'partial',
  'failed',
  'interrupted',
];

/** The pipeline name watch polls are recorded under. */
export const WATCH_PIPELINE = 'watch';

/** One of the first problems of a run, as the engine reported it (an GlueflowMessage, minus what is long). */
export interface RecordedMessage {
  severity: MessageSeverity;
  reason: string;
  code?: string;
  item?: string;
  place?: string;
  source?: string;
  hint?: string;
}

/** How a run ended: what `finish` stores. */
export interface RunOutcome {
  status: RunStatus;
  /** Per item; null for a watch poll (it delivers events, it has no items). */
  counts: ItemCounts | null;
  requests: { total: number; retries: number; rateLimited: number };
  /** Response warnings (odd attributes set aside), or activity-log entries a poll skipped. */
  warnings: number;
  events: Record<string, number>;
  /** The first errors, then warnings — a few, see MESSAGES_KEPT. */
  messages: RecordedMessage[];
  /** How many errors and warnings the run reported in all. */
  messageTotals: { errors: number; warnings: number };
  interrupted?: Interruption;
  /** What a run that threw (did not finish at all) threw. */
  error?: { code: string; message: string; hint?: string };
}

export interface RunRecord {
  id: number;
  kind: RunKind;
  pipeline: string;
  dryRun: boolean;
  status: RecordedStatus;
  startedAt: string;
  /** Null while running, and for a process that died mid-run. */
  endedAt: string | null;
  durationMs: number | null;
  host: string;
  pid: number;
  counts: ItemCounts | null;
  requests: RunOutcome['requests'] | null;
  warnings: number;
  events: Record<string, number>;
  messages: RecordedMessage[];
  messageTotals: RunOutcome['messageTotals'];
  interrupted?: Interruption;
  error?: RunOutcome['error'];
}

export interface RunStart {
  kind: RunKind;
  pipeline: string;
  dryRun: boolean;
}

export interface RunFilter {
  pipeline?: string;
  status?: RecordedStatus;
  kind?: RunKind;
  /** Runs started at or after this instant (ms since the epoch). */
  since?: number;
  /** At most this many, newest first (default 20). */
  limit?: number;
}

/** `history:` in the config: how many runs per pipeline, and how old, the state store keeps. */
export interface HistoryRetention {
  keep: number;
  maxAgeDays: number;
}

export const DEFAULT_HISTORY_RETENTION: HistoryRetention = { keep: 500, maxAgeDays: 90 };

/** How many messages a record keeps: the first problems tell what went wrong; the rest is in the log. */
export const MESSAGES_KEPT = 10;
