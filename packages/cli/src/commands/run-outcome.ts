import type { RunSummary } from '@glueflow/core';
import { EXIT } from '../exit-codes.js';
import type { ExitCode } from '../exit-codes.js';

/** ok → 0; some items failed → 2; nothing could be done (a step or beforeRun failed outright) → 1. */
export function exitCodeOf(summary: RunSummary): ExitCode {
  if (summary.status === 'ok') return EXIT.ok;
  return summary.status === 'partial' ? EXIT.itemsFailed : EXIT.fatal;
}
