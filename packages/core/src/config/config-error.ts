import type { ConfigProblem } from './problems.js';
import { configProblemJson, formatProblems } from './problems.js';
import { withLines } from './problem-lines.js';

/** All problems of a config, reported together. */
export class ConfigError extends Error {
  readonly code = 'ECONFIG_INVALID';
  readonly hint =
    'fix every problem listed, then run again; `glueflow config print` shows the resolved config';
  readonly problems: ConfigProblem[];
  constructor(problems: ConfigProblem[]) {
    // Every path that reports config problems ends here, so each gets its line in one place.
    const located = withLines(problems);
    super(`${located.length} config problem${located.length === 1 ? '' : 's'}:\n${formatProblems(located)}`);
    this.name = 'ConfigError';
    this.problems = located;
  }

  /** As JSON (`--json` error lines, logs): its fields, with the problems under their documented names. */
  toJSON() {
    return {
      name: this.name,
      code: this.code,
      hint: this.hint,
      problems: this.problems.map(configProblemJson),
    };
  }
}
