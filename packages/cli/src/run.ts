/**
 * The programmatic entry: `run({ argv, env, cwd, stdout, stderr })` resolves to the exit code. The bin
 * is three lines around it, and every test drives the CLI through it — no process globals.
 */
import { CommanderError } from 'commander';
import { CliContext } from './context.js';
import type { CliOptions } from './context.js';
import { EXIT } from './exit-codes.js';
import { buildProgram } from './program.js';
import type { ProgramResult } from './program.js';
import { reportError } from './report-error.js';

export async function run(options: CliOptions): Promise<number> {
  const ctx = new CliContext(options);
  const result: ProgramResult = { exitCode: undefined };
  const program = buildProgram(ctx, result);
  if (options.argv.length === 0) {
    program.outputHelp({ error: true });
    return EXIT.usage;
  }
  try {
    await program.parseAsync([...options.argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end the parse with an "error" whose exit code is 0.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    return reportError(ctx, error, options.argv.includes('--json'));
  }
  return result.exitCode ?? EXIT.ok;
}
