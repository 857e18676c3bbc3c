/** A run, plan or apply as a tool result: status, counts, messages and the plan's entries. */
import type { RunResult } from '@glueflow/core';

export function runOutcome({ summary, plan }: RunResult) {
  return {
    pipeline: summary.pipeline,
    dryRun: summary.dryRun,
    status: summary.status,
    counts: summary.counts,
    durationMs: summary.durationMs,
    messages: summary.messages.map((m) => ({
      severity: m.severity,
      reason: m.reason,
      ...(m.code ? { code: m.code } : {}),
      ...(m.item ? { item: m.item } : {}),
    })),
    entries: plan.entries,
  };
}
