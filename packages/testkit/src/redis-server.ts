/**
 * A real Redis for tests: `redis-server` from PATH on a free loopback port, with its data in a temp
 * folder, stopped (and the folder removed) by `stop()`. `restart()` stops and starts it on the same
 * port and folder — with `appendonly` on, what was written survives, as in production with AOF.
 * `.ci/run` installs Debian's `redis-server` when it is missing; a machine without it gets a clear
 * error naming the package instead of a hang.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface RedisServerOptions {
  /** Keep an append-only file, so a restart keeps the data (default false: memory only). */
  appendonly?: boolean;
  /** The binary (default `redis-server` from PATH). */
  binary?: string;
}

export interface RunningRedis {
  readonly url: string;
  readonly port: number;
  /** Stops the server and removes its folder. */
  stop(): Promise<void>;
  /** Stops the server (as a crash would with `signal: 'SIGKILL'`) and starts it again on the same port. */
  restart(options?: { signal?: NodeJS.Signals; downMs?: number }): Promise<void>;
}

/** Whether `redis-server` can be started here (tests that need it say why they cannot run otherwise). */
export function redisServerAvailable(binary = 'redis-server'): boolean {
  return spawnSync(binary, ['--version'], { stdio: 'ignore' }).status === 0;
}

export async function startRedisServer(options: RedisServerOptions = {}): Promise<RunningRedis> {
  const binary = options.binary ?? 'redis-server';
  if (!redisServerAvailable(binary)) {
    throw new Error(
      `${binary} is not installed: tests of the Redis storage need it (Debian: apt-get install redis-server; .ci/run installs it)`,
    );
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'glueflow-redis-'));
  const port = await freePort();
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--save',
    '',
    '--appendonly',
    options.appendonly ? 'yes' : 'no',
    '--appendfsync',
    'always',
    '--protected-mode',
    'yes',
  ];
  let child = await launch(binary, args);
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async stop() {
      await halt(child, 'SIGTERM');
      fs.rmSync(dir, { recursive: true, force: true });
    },
    async restart({ signal = 'SIGTERM', downMs = 0 } = {}) {
      await halt(child, signal);
      if (downMs > 0) await new Promise((resolve) => setTimeout(resolve, downMs));
      child = await launch(binary, args);
    },
  };
}

function launch(binary: string, args: string[]): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const timer = setTimeout(() => fail(new Error(`redis-server did not start in 10 s:\n${output}`)), 10_000);
    function fail(error: Error) {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    }
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        child.stdout!.removeAllListeners('data').resume();
        resolve(child);
      }
    });
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.once('exit', (code) =>
      fail(new Error(`redis-server exited (${code}) before it was ready:\n${output}`)),
    );
    child.once('error', fail);
  });
}

function halt(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

/** A port the OS says is free now (redis-server cannot pick one itself: port 0 means no TCP). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
