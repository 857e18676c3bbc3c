import type {
  ItemCounts,
  GlueflowMessage,
  ResponseWarning,
  RunStatus,
  RunSummary,
  StepResult,
} from './hook-types.js';
import type { ListenerFailure } from './tap-instrumentation.js';

export const emptyCounts = (): ItemCounts => ({
  created: 0,
  recreated: 0,
  updated: 0,
  unchanged: 0,
  skipped: 0,
  failed: 0,
  updatedAgain: 0,
});

export function addCounts(into: ItemCounts, from: ItemCounts): void {
  for (const key of Object.keys(into) as Array<keyof ItemCounts>) into[key] += from[key];
}

export function stepStatus(counts: ItemCounts, threw: boolean): StepResult['status'] {
  if (threw) return 'failed';
  return counts.failed > 0 ? 'partial' : 'ok';
}

/**
 * `failed` when nothing went through — a step or beforeRun failed outright with no work done, or
 * every item failed (a rejected key, IT Glue down); `partial` when some items failed and others went
 * through; else `ok`. The CLI's exit code follows from this alone (1, 2, 0).
 */
export function runStatus(steps: StepResult[], fatal: boolean): RunStatus {
  const wentThrough = steps.some(
    (s) =>
      s.counts.created + s.counts.recreated + s.counts.updated + s.counts.unchanged + s.counts.skipped > 0,
  );
  const anyFailed = steps.some((s) => s.status === 'failed' || s.counts.failed > 0);
  if (fatal || anyFailed) return wentThrough ? 'partial' : 'failed';
  return steps.some((s) => s.status === 'partial') ? 'partial' : 'ok';
}

export function buildSummary(input: {
  pipeline: string;
  dryRun: boolean;
  steps: StepResult[];
  fatal: boolean;
  messages: GlueflowMessage[];
  requests: RunSummary['requests'];
  warnings?: ResponseWarning[];
  events: Record<string, number>;
  listenerFailures: ListenerFailure[];
  durationMs: number;
}): RunSummary {
  const counts = emptyCounts();
  for (const step of input.steps) addCounts(counts, step.counts);
  return {
    pipeline: input.pipeline,
    dryRun: input.dryRun,
    status: withListenerFailures(runStatus(input.steps, input.fatal), input.listenerFailures.length),
    counts,
    requests: input.requests,
    warnings: input.warnings ?? [],
    events: { ...input.events },
    messages: input.messages,
    listenerFailures: summarizeFailures(input.listenerFailures),
    durationMs: input.durationMs,
  };
}

export function summarizeFailures(failures: ListenerFailure[]): RunSummary['listenerFailures'] {
  return failures.map(({ plugin, hook, message, code }) => ({
    plugin,
    hook,
    message,
    ...(code ? { code } : {}),
  }));
}

/** The warnings a run added: cumulative counts after minus before, per type + attribute. */
export function warningsBetween(before: ResponseWarning[], after: ResponseWarning[]): ResponseWarning[] {
  const earlier = new Map(before.map((w) => [`${w.type}.${w.attribute}`, w.count]));
  return after
    .map((w) => ({ ...w, count: w.count - (earlier.get(`${w.type}.${w.attribute}`) ?? 0) }))
    .filter((w) => w.count > 0);
}

/**
 * A listener that failed (a webhook not delivered, a notifier down) makes an otherwise clean run
 * `partial`: cron and CI must learn that something they rely on did not happen.
 */
export function withListenerFailures(status: RunStatus, failures: number): RunStatus {
  return status === 'ok' && failures > 0 ? 'partial' : status;
}

/**
 * One run's summary from the summaries of its parts — a run split into batches that several workers
 * ran (`glueflow worker`): counts, requests, events and warnings add up, messages and listener
 * failures are kept in order, and the status follows the same rule as a run's (`failed` only when
 * nothing went through; `interrupted` when any part was). `lostItems`: items of parts that never
 * reported (a batch that used every attempt), counted failed with one message saying so.
 */
export function mergeSummaries(
  pipeline: string,
  parts: RunSummary[],
  durationMs: number,
  lost: { items: number; reason: string } | undefined = undefined,
): RunSummary {
  const counts = emptyCounts();
  const requests = { total: 0, retries: 0, rateLimited: 0 };
  const events: Record<string, number> = {};
  const warnings = new Map<string, ResponseWarning>();
  for (const part of parts) {
    addCounts(counts, part.counts);
    requests.total += part.requests.total;
    requests.retries += part.requests.retries;
    requests.rateLimited += part.requests.rateLimited;
    for (const [name, n] of Object.entries(part.events)) events[name] = (events[name] ?? 0) + n;
    for (const w of part.warnings) {
      const key = `${w.type}.${w.attribute}`;
      const seen = warnings.get(key);
      warnings.set(key, seen ? { ...seen, count: seen.count + w.count } : { ...w });
    }
  }
  const messages = parts.flatMap((part) => part.messages);
  if (lost && lost.items > 0) {
    counts.failed += lost.items;
    messages.push({ severity: 'error', reason: lost.reason, items: lost.items });
  }
  const steps: StepResult[] = [{ status: stepStatus(counts, false), counts, messages: [], durationMs }];
  const interrupted = parts.find((part) => part.interrupted)?.interrupted;
  const failedWhole = parts.length > 0 && parts.every((part) => part.status === 'failed');
  return {
    pipeline,
    dryRun: parts.some((part) => part.dryRun),
    status: interrupted ? 'interrupted' : failedWhole ? 'failed' : runStatus(steps, false),
    counts,
    requests,
    warnings: [...warnings.values()],
    ...(interrupted ? { interrupted } : {}),
    events,
    messages,
    listenerFailures: parts.flatMap((part) => part.listenerFailures),
    durationMs,
  };
}
