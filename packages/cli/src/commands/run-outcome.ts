import type { RunSummary } from '@glueflow/core';
import { EXIT } from '../exit-codes.js';
import type { ExitCode } from '../exit-codes.js';

/**
 * ok → 0. Some items failed while others went through → 2. Nothing went through at all (a step or
 * beforeRun failed outright, or every item failed — a rejected key, IT Glue down) → 1.
 */
export function exitCodeOf(summary: RunSummary, signal?: AbortSignal): ExitCode {
  if (summary.status === 'ok') return EXIT.ok;
  // The shell's convention for a process stopped by a signal: 128 + its number.
  if (summary.status === 'interrupted')
    return signal?.reason === 'SIGTERM' ? EXIT.terminated : EXIT.interrupted;
  const { created, recreated, updated, unchanged, skipped, failed } = summary.counts;
  const wentThrough = created + recreated + updated + unchanged + skipped;
  if (summary.status === 'failed' || (failed > 0 && wentThrough === 0)) {
    return EXIT.fatal;
  }
  return EXIT.itemsFailed;
}
