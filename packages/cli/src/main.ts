/**
 * The programmatic entry: `run({ argv, env, cwd, stdout, stderr })` resolves to the exit code. The bin
 * is three lines around it, and every test drives the CLI through it — no process globals.
 */
import { CommanderError } from 'commander';
import { CliContext } from './context.js';
import type { CliOptions, OutputMode } from './context.js';
import { EXIT } from './exit-codes.js';
import { buildProgram } from './program.js';
import type { ProgramResult } from './program.js';
import { reportError } from './report-error.js';
import { UsageError } from './usage-error.js';

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
    // An error before the command's action ran (a usage error, a bad flag) knows JSON mode from argv.
    if (ctx.output === 'human') ctx.output = outputOf(options.argv);
    if (error instanceof CommanderError) {
      // --help and --version end the parse with an "error" whose exit code is 0.
      if (error.exitCode === 0) return EXIT.ok;
      // Commander has told the person on stderr; a script reading stdout gets the error line too.
      if (ctx.jsonMode) ctx.json({ error: usageJson(error) });
      return EXIT.usage;
    }
    return reportError(ctx, error);
  }
  return result.exitCode ?? EXIT.ok;
}

function outputOf(argv: readonly string[]): OutputMode {
  if (argv.includes('--json-pretty')) return 'json-pretty';
  return argv.includes('--json') ? 'json' : 'human';
}

function usageJson(error: CommanderError) {
  const usage = new UsageError(error.message.replace(/^error: /, ''));
  return { code: usage.code, message: usage.message, hint: usage.hint, where: null };
}
