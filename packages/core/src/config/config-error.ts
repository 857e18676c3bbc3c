import type { ConfigProblem } from './problems.js';
import { formatProblems } from './problems.js';

/** All problems of a config, reported together. */
export class ConfigError extends Error {
  readonly code = 'ECONFIG_INVALID';
  readonly hint =
    'fix every problem listed, then run again; `glueflow config print` shows the resolved config';
  readonly problems: ConfigProblem[];
  constructor(problems: ConfigProblem[]) {
    super(
      `${problems.length} config problem${problems.length === 1 ? '' : 's'}:\n${formatProblems(problems)}`,
    );
    this.name = 'ConfigError';
    this.problems = problems;
  }
}
