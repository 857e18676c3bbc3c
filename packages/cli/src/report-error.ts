/**
 * Turns anything a command threw into output and an exit code. Expected errors (a code and a hint:
 * config problems, IT Glue answers, usage) print without a stack; anything else is a bug and prints
 * its stack so it can be reported.
 */
import type { ConfigProblem } from '@glueflow/core';
import type { CliContext } from './context.js';
import { EXIT } from './exit-codes.js';
import type { ExitCode } from './exit-codes.js';

interface CodedError {
  code: string;
  message: string;
  hint?: string;
  where?: string;
  /** IT Glue's answer this came from: what its support (and ours) asks for. */
  requestId?: string;
  problems?: ConfigProblem[];
  toJSON?: () => Record<string, unknown>;
}

/** An expected error: a stable code and a hint (GlueflowError, ConfigError, UsageError …). Node's own
 * `ERR_*`/`ENOENT` errors have no hint: they are unexpected here and print with their stack. */
export function isCoded(error: unknown): error is CodedError {
  const e = error as { code?: unknown; hint?: unknown } | null;
  return error instanceof Error && typeof e?.code === 'string' && typeof e.hint === 'string';
}

export function exitCodeOf(error: unknown): ExitCode {
  if (!isCoded(error)) return EXIT.fatal;
  if (error.code === 'EUSAGE') return EXIT.usage;
  if (error.code.startsWith('ECONFIG_')) return EXIT.config;
  return EXIT.fatal;
}

/**
 * Prints the error (stderr; in JSON mode also `{"error": …}` as the one JSON line on stdout, unless the
 * command's result is already there) and returns the exit code.
 */
export function reportError(ctx: CliContext, error: unknown, json = ctx.jsonMode): ExitCode {
  const c = ctx.colors;
  const code = exitCodeOf(error);
  if (isCoded(error)) {
    if (error.problems) {
      ctx.warn(c.red(`✗ ${error.message.split('\n')[0]}`));
      for (const problem of error.problems) ctx.warn(formatProblem(ctx, problem));
    } else {
      ctx.warn(`${c.red('✗')} ${c.bold(error.code)} ${error.message}`);
      if (error.where) ctx.warn(`  ${c.dim('where:')} ${error.where}`);
      if (error.requestId) ctx.warn(`  ${c.dim('request id:')} ${error.requestId}`);
    }
    if (error.hint) ctx.warn(`  ${c.dim('hint:')}  ${error.hint}`);
    if (json && !ctx.wroteJson) ctx.json({ error: safeJson(error) });
    return code;
  }
  const err = error instanceof Error ? error : new Error(String(error));
  ctx.warn(c.red(`✗ unexpected error: ${err.message}`));
  ctx.warn(c.dim(err.stack ?? ''));
  ctx.warn(`  ${BUG_HINT}`);
  if (json && !ctx.wroteJson)
    ctx.json({ error: { code: 'EUNEXPECTED', message: err.message, hint: BUG_HINT, where: null } });
  return code;
}

const BUG_HINT = 'this is a bug in glueflow or a plugin; please report it with the lines above';

function formatProblem(ctx: CliContext, p: ConfigProblem): string {
  const c = ctx.colors;
  const lines = [`  ${c.bold(p.line ? `${p.item}:${p.line}` : p.item)}: ${c.cyan(p.place)}: ${p.reason}`];
  if (p.expected) lines.push(`      expected: ${p.expected}`);
  if (p.actual) lines.push(`      found:    ${p.actual}`);
  if (p.hint) lines.push(`      hint:     ${p.hint}`);
  return lines.join('\n');
}

/**
 * One shape for every error, whatever threw it: `code`, `message`, `hint`, `where` (null when the error
 * has no place) first, then `requestId` (an IT Glue answer) and what else the error carries
 * (`problems` of a config, `status`, `details`). GlueflowError's and ConfigError's own `toJSON` are the
 * secret-free views (ConfigError's keeps the problems' documented JSON names).
 */
function safeJson(error: CodedError): Record<string, unknown> {
  const { name: _name, ...rest } = error.toJSON?.() ?? {};
  return {
    code: error.code,
    message: error.message,
    hint: error.hint ?? null,
    where: error.where ?? null,
    ...(error.requestId ? { requestId: error.requestId } : {}),
    ...rest,
  };
}
