/**
 * `glueflow emulator` as a real process: a busy port is a clean error (issue 18.11), and
 * examples/glueflow.config.mjs plans against it exactly as the config's own comment says (18.12).
 * Needs the built bin (`tsc -b`).
 */
import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from '@jest/globals';

const BIN = fileURLToPath(new URL('../../bin/glueflow.js', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../..', import.meta.url));
const EXAMPLE = 'examples/glueflow.config.mjs';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGINT');
});

/** Exit code and output of a process that ends by itself. */
function finish(child: ChildProcess): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/** Starts `glueflow emulator` with its defaults (any free port) and resolves to the URL it prints. */
function startCliEmulator(): Promise<string> {
  const child = spawn(process.execPath, [BIN, 'emulator', '--port', '0'], {
    env: { PATH: process.env.PATH },
  });
  children.push(child);
  let out = '';
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      if (url) resolve(url);
    });
    child.on('close', (code) => reject(new Error(`emulator exited ${code}:\n${out}`)));
  });
}

describe('glueflow emulator (a real process)', () => {
  it('on a busy port prints a clean EADDRINUSE error with the port and a hint, no stack (issue 18.11)', async () => {
    const holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const port = (holder.address() as net.AddressInfo).port;
    try {
      const child = spawn(process.execPath, [BIN, 'emulator', '--port', String(port)], {
        env: { PATH: process.env.PATH },
      });
      children.push(child);
      const result = await finish(child);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`EADDRINUSE port ${port} on 127.0.0.1 is already in use`);
      expect(result.stderr).toMatch(/hint:.*--port 0/);
      expect(result.stderr).not.toMatch(/unexpected error|report it|\n\s+at /);
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  });

  it('runs examples/glueflow.config.mjs as its comment says: every pipeline plans cleanly (issue 18.12)', async () => {
    const url = await startCliEmulator();
    const home = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'glueflow-example-'));
    try {
      const env = {
        PATH: process.env.PATH,
        HOME: home,
        GLUEFLOW_HOME: home,
        ITGLUE_API_URL: url,
        ITGLUE_API_KEY: 'ITG.emulator',
      };
      for (const pipeline of ['runbooks', 'psa-sync', 'mail']) {
        const plan = await promisify(execFile)(
          process.execPath,
          [BIN, 'plan', pipeline, '-c', EXAMPLE, '--json'],
          { cwd: ROOT, env },
        ).catch((error: { code: number; stdout: string; stderr: string }) => error);
        const summary = JSON.parse(plan.stdout) as {
          status: string;
          counts: Record<string, number>;
          messages: Array<{ reason: string }>;
        };
        expect({ pipeline, status: summary.status, failed: summary.counts.failed }).toEqual({
          pipeline,
          status: 'ok',
          failed: 0,
        });
        expect(summary.messages.map((m) => m.reason).join('\n')).not.toContain('not found');
        expect(summary.counts.created).toBeGreaterThan(0);
      }
    } finally {
      await fs.promises.rm(home, { recursive: true, force: true });
    }
  });
});
