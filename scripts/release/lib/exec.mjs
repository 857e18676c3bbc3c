// Child processes for the rehearsal: each command is printed, timed and captured; a failure throws a
// RehearsalError carrying the command, its exit code and the end of its output, so the step that ran it
// can say exactly what broke.
import { spawn } from 'node:child_process';
import path from 'node:path';

export class RehearsalError extends Error {
  /** @param {string} message @param {string} [details] output or a list of problems, printed indented */
  constructor(message, details) {
    super(message);
    this.name = 'RehearsalError';
    this.details = details;
  }
}

// What `pnpm test` hands its scripts, plus our own variables: none of it may leak into the user-like
// installs (npm_config_* from pnpm, NODE_ENV=production dropping devDependencies, a real IT Glue key…).
const DROPPED =
  /^(npm_(?!config_(registry|cache|userconfig)$)|pnpm_|NODE_PATH$|NODE_ENV$|INIT_CWD$|ITGLUE_|GLUEFLOW_)/i;

/** process.env without the workspace's and the caller's Glueflow settings, plus `extra`. */
export function userEnv(extra = {}) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !DROPPED.test(key)));
  return { ...env, ...extra };
}

const tail = (text, lines = 60) => text.trimEnd().split('\n').slice(-lines).join('\n');

/**
 * Runs `command args` in `cwd` and resolves its output; rejects with the output's tail on a non-zero exit
 * or after `timeoutMs`. `quiet` leaves the command line out of the log (its step says what it does).
 */
export function run(log, command, args, { cwd, env, timeoutMs = 10 * 60_000, quiet = false } = {}) {
  const line = [command, ...args].map((part) => (/\s/.test(part) ? JSON.stringify(part) : part)).join(' ');
  if (!quiet) log(`  $ ${line}${cwd ? `   (in ${path.basename(cwd)}/)` : ''}`);
  const begun = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let stdout = '';
    child.stdout.on('data', (chunk) => ((stdout += chunk), (output += chunk)));
    child.stderr.on('data', (chunk) => (output += chunk));
    let timedOut = false;
    const timer = setTimeout(() => ((timedOut = true), child.kill('SIGTERM')), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new RehearsalError(`${line}: ${error.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const seconds = (Date.now() - begun) / 1000;
      if (code === 0 && !quiet && seconds >= 2) log(`    ${seconds.toFixed(1)} s`);
      if (code === 0) resolve({ stdout, output });
      else {
        const why = timedOut
          ? `did not finish within ${timeoutMs / 1000} s`
          : signal
            ? `was stopped by ${signal}`
            : `exited ${code}`;
        reject(new RehearsalError(`\`${line}\` ${why}`, tail(output)));
      }
    });
  });
}

/**
 * Starts a long-running command and resolves once a stdout line matches `ready`, with the match and a
 * `stop()` that ends that one process. Rejects (and stops it) if it exits or stays silent for `timeoutMs`.
 */
export function start(log, command, args, { cwd, env, ready, timeoutMs = 60_000 }) {
  log(`  $ ${[command, ...args].join(' ')} &`);
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('close', () => resolve());
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    const fail = (message) => {
      clearTimeout(timer);
      void stop();
      reject(new RehearsalError(message, tail(output)));
    };
    const timer = setTimeout(
      () => fail(`${command} ${args.join(' ')} was not ready after ${timeoutMs / 1000} s`),
      timeoutMs,
    );
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = ready.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ match, stop });
      }
    });
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', (error) => fail(`${command}: ${error.message}`));
    child.on('close', (code) => fail(`${command} ${args.join(' ')} exited ${code} before it was ready`));
  });
}
