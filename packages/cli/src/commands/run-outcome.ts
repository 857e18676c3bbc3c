import type { RunSummary } from '@glueflow/core';
import { EXIT } from '../exit-codes.js';
import type { ExitCode } from '../exit-codes.js';

/**
 * The exit code is the run's status, nothing else (core's runStatus decides it): ok → 0; partial
 * (some items failed while others went through) → 2; failed (nothing went through: a step or
 * beforeRun failed outright, or every item failed) → 1; interrupted → 130 / 143.
 */
export function exitCodeOf(summary: RunSummary, signal?: AbortSignal): ExitCode {
  switch (summary.status) {
    case 'ok':
      return EXIT.ok;
    // The shell's convention for a process stopped by a signal: 128 + its number.
    case 'interrupted':
      return signal?.reason === 'SIGTERM' ? EXIT.terminated : EXIT.interrupted;
    case 'failed':
      return EXIT.fatal;
    case 'partial':
      return EXIT.itemsFailed;
  }
}
