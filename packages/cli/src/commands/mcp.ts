/**
 * `glueflow mcp`: a Model Context Protocol server on stdin/stdout (@glueflow/mcp) for Claude Desktop,
 * VS Code and other MCP clients — search, records, organizations, pipelines and plans; runs and
 * applies only with `mcp: { allowWrites: true }`. stdout is the protocol: every tool call is logged
 * to stderr (or --log-file), and anything else that would print (a plugin's console.log) goes to
 * stderr while the server runs. Stops when the client closes stdin, or on SIGTERM/SIGINT.
 */
import { format } from 'node:util';
import { Writable } from 'node:stream';
import type { Readable } from 'node:stream';
import type { Logger } from '@glueflow/core';
import type { CliContext } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { cliRedactor } from '../session/logger.js';
import { withSession } from '../session/open-session.js';

export async function mcpCommand(ctx: CliContext): Promise<number> {
  const { serveStdio } = await import('@glueflow/mcp');
  const restoreConsole = consoleToStderr(ctx);
  try {
    return await withSession(ctx, async ({ runtime, logger }) => {
      const callLog = await callLogger(ctx, logger);
      const mcp = runtime.config.mcp ?? {};
      ctx.note(
        `glueflow mcp on stdio for "${runtime.config.instanceName}" (writes ${mcp.allowWrites ? 'allowed' : 'off'})`,
      );
      await serveStdio({
        runtime,
        logger: callLog,
        stdin: (ctx.stdin ?? process.stdin) as Readable,
        stdout: writableOf(ctx.stdout),
        signal: ctx.signal,
      });
      return EXIT.ok;
    });
  } finally {
    restoreConsole();
  }
}

/**
 * The tool-call log: the session's logger when --verbose or --log-file set one up, else info lines on
 * stderr (quiet with --quiet); the same redactor either way, so a secret registered once is masked.
 */
async function callLogger(ctx: CliContext, session: Logger): Promise<Logger> {
  if (ctx.globals.verbose || ctx.globals.logFile || ctx.globals.quiet) return session;
  const { createLogger } = await import('@glueflow/core');
  return createLogger({ level: 'info', stream: writableOf(ctx.stderr), redactor: await cliRedactor(ctx) });
}

function writableOf(stream: CliContext['stdout']): Writable {
  return new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      stream.write(chunk.toString());
      done();
    },
  });
}

/** console.log and friends on stderr while stdout carries the protocol; returns the undo. */
function consoleToStderr(ctx: CliContext): () => void {
  const saved = { log: console.log, info: console.info, debug: console.debug };
  const toStderr = (...args: unknown[]) => void ctx.stderr.write(`${format(...args)}\n`);
  Object.assign(console, { log: toStderr, info: toStderr, debug: toStderr });
  return () => Object.assign(console, saved);
}
