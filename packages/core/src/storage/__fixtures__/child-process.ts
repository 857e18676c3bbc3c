/** Runs a TypeScript fixture in a separate Node process (its own SQLite connection and locks). */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const LOADER = fileURLToPath(new URL('./run-ts.mjs', import.meta.url));

export function spawnTs(script: string, args: readonly string[]): ChildProcess {
  return spawn(process.execPath, ['--no-warnings', '--import', LOADER, script, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Resolves with the process's stdout once it exits 0; rejects with its stderr otherwise. */
export function outputOf(child: ChildProcess): Promise<string> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      code === 0 ? resolve(stdout) : reject(new Error(`child exited ${code ?? signal}: ${stderr}`)),
    );
  });
}

/** Resolves when the child prints `line` on stdout. */
export function waitForLine(child: ChildProcess, line: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.split('\n').includes(line)) resolve();
    });
    child.on('exit', (code) => reject(new Error(`child exited ${code} before printing ${line}`)));
  });
}
