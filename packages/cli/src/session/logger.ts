/**
 * The CLI's logger: core's winston factory (one redaction step, secrets masked at every level).
 * Quiet by default — the human report is the output; `--verbose` adds debug JSON lines on stderr and
 * `--log-file` appends JSON lines to a file (debug with --verbose, info otherwise).
 */
import path from 'node:path';
import { Writable } from 'node:stream';
import type { Logger, Redactor } from '@glueflow/core';
import type { CliContext } from '../context.js';

/**
 * The redactor of this invocation: one for logs, reports, `--json` and errors, installed on the
 * context the first time core is loaded.
 */
export async function cliRedactor(ctx: CliContext): Promise<Redactor> {
  const existing = ctx.redactor;
  if (existing) return existing as Redactor;
  const { Redactor } = await import('@glueflow/core');
  const redactor = new Redactor();
  ctx.useRedactor(redactor);
  return redactor;
}

export async function createCliLogger(ctx: CliContext, secrets: string[] = []): Promise<Logger> {
  const { createLogger } = await import('@glueflow/core');
  const redactor = await cliRedactor(ctx);
  const { verbose, logFile } = ctx.globals;
  if (!verbose && !logFile) return createLogger({ silent: true, redactor, secrets });
  return createLogger({
    level: verbose ? 'debug' : 'info',
    ...(logFile ? { file: path.resolve(ctx.cwd, logFile) } : {}),
    ...(verbose ? { stream: stderrStream(ctx) } : {}),
    redactor,
    secrets,
  });
}

/** Ends the logger and waits until its file is written (winston flushes asynchronously). */
export async function closeLogger(logger: Logger): Promise<void> {
  const files = logger.transports.filter((t) => 'filename' in t && 'dirname' in t);
  const flushed = files.map((t) => new Promise<void>((resolve) => t.once('finish', () => resolve())));
  await new Promise<void>((resolve) => {
    logger.once('finish', () => resolve());
    logger.end();
  });
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.all(flushed),
    new Promise((resolve) => (timer = setTimeout(resolve, 2000))), // never wait forever on a stuck disk
  ]);
  clearTimeout(timer);
}

function stderrStream(ctx: CliContext): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      ctx.stderr.write(chunk.toString('utf8'));
      done();
    },
  });
}
