import type { RunSummary } from '@glueflow/core';

/**
 * The one JSON summary of `run` and `apply --json` (DESIGN.md §7 plus the engine's per-item
 * `messages`): a stable shape for cron wrappers and CI, keys in this order.
 */
export interface JsonSummary {
  pipeline: string;
  dryRun: boolean;
  status: RunSummary['status'];
  counts: RunSummary['counts'];
  requests: RunSummary['requests'];
  /** Attributes of an unexpected type IT Glue sent, set aside by the tolerant reader (records kept). */
  warnings: RunSummary['warnings'];
  events: RunSummary['events'];
  messages: RunSummary['messages'];
  durationMs: number;
  /** Only when a signal stopped the run: what it did not reach. */
  interrupted?: NonNullable<RunSummary['interrupted']>;
}

export function toJsonSummary(summary: RunSummary): JsonSummary {
  return {
    pipeline: summary.pipeline,
    dryRun: summary.dryRun,
    status: summary.status,
    counts: { ...summary.counts },
    requests: { ...summary.requests },
    warnings: summary.warnings.map((warning) => ({ ...warning })),
    events: { ...summary.events },
    messages: summary.messages,
    durationMs: summary.durationMs,
    ...(summary.interrupted ? { interrupted: { ...summary.interrupted } } : {}),
  };
}
