#!/usr/bin/env node
import { run } from './main.js';

/** After the first signal, in-flight writes get this long to finish before the process stops anyway. */
const GRACE_MS = 10_000;
const CODE = { SIGINT: 130, SIGTERM: 143 } as const;

// First Ctrl-C / SIGTERM: stop taking new items, let in-flight writes finish, journal, report
// `interrupted`. A second one (or the grace running out) stops at once — still safe: an unfinished
// write stays in the journal and the next run adopts or retries it.
const controller = new AbortController();
const onSignal = (signal: keyof typeof CODE) => {
  if (controller.signal.aborted) {
    process.stderr.write(`\n${signal} again: stopping now; the next run resumes from the journal\n`);
    process.exit(CODE[signal]);
  }
  process.stderr.write(
    `\n${signal}: finishing the writes in flight (up to ${GRACE_MS / 1000} s), then stopping; ${signal === 'SIGINT' ? 'Ctrl-C again' : 'a second signal'} stops at once\n`,
  );
  controller.abort(signal);
  setTimeout(() => {
    process.stderr.write(
      `writes still in flight after ${GRACE_MS / 1000} s: stopping now; the next run resumes\n`,
    );
    process.exit(CODE[signal]);
  }, GRACE_MS).unref();
};
// A reader that stops early (`glueflow runs | head`) closes the pipe: the rest of the output has
// nowhere to go, but the work — a run writing to IT Glue — still finishes and exits with its own code.
const PIPE_CLOSED = new Set(['EPIPE', 'ERR_STREAM_DESTROYED']);
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (!PIPE_CLOSED.has(error.code ?? '')) throw error;
  });
}
process.on('SIGINT', () => onSignal('SIGINT'));
process.on('SIGTERM', () => onSignal('SIGTERM'));
process.exitCode = await run({
  argv: process.argv.slice(2),
  env: process.env,
  cwd: process.cwd(),
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  signal: controller.signal,
});
