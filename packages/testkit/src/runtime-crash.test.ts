/**
 * Crash safety: a pipeline process is killed with SIGKILL at several moments (mid-create, mid-journal,
 * mid-cache-write) and started again; the last run converges — every record exactly once, none lost.
 * The child runs the built code (`tsc -b` runs before jest), as a cron job would.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { startEmulator } from '@glueflow/emulator';
import type { RunningEmulator } from '@glueflow/emulator';

const runner = path.join(path.dirname(fileURLToPath(import.meta.url)), '__fixtures__', 'crash-runner.mjs');
const COUNT = 120;
/** Each run is killed once this many more organizations were created (so every kill lands mid-run). */
const KILL_AFTER_CREATES = [5, 12, 20, 9, 17, 25];

let emulator: RunningEmulator;
let home: string;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0, latencyMs: 8 });
  home = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'glueflow-crash-'));
});
afterAll(async () => {
  await emulator.stop();
  await fs.promises.rm(home, { recursive: true, force: true });
});

async function crashCompanies(): Promise<string[]> {
  return (await emulator.admin.dump())
    .organizations!.map((o) => String(o.attributes.name))
    .filter((n) => n.startsWith('Crash Co '));
}

function runChild(
  killAfterCreates?: number,
): Promise<{ killed: boolean; stdout: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [runner], {
      env: {
        ...process.env,
        GLUEFLOW_TEST_URL: emulator.url,
        GLUEFLOW_TEST_HOME: home,
        GLUEFLOW_TEST_COUNT: String(COUNT),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const createsAtStart = emulator.admin.stats().creates;
    const timer =
      killAfterCreates === undefined
        ? undefined
        : setInterval(() => {
            if (emulator.admin.stats().creates - createsAtStart >= killAfterCreates) child.kill('SIGKILL');
          }, 2);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearInterval(timer);
      if (code !== 0 && signal !== 'SIGKILL') reject(new Error(`runner failed (${code}): ${stderr}`));
      else resolve({ killed: signal === 'SIGKILL', stdout, code });
    });
  });
}

it('killed with SIGKILL at six moments and re-run: converges with zero duplicates and zero lost', async () => {
  let killedMidRun = 0;
  const progress: number[] = [];
  for (const creates of KILL_AFTER_CREATES) {
    const { killed } = await runChild(creates);
    const existing = (await crashCompanies()).length;
    progress.push(existing);
    // Killed while records were being written: some exist, not all.
    if (killed && existing > 0 && existing < COUNT) killedMidRun++;
  }
  const final = await runChild();
  expect(final.killed).toBe(false);
  const counts = JSON.parse(final.stdout) as {
    created: number;
    updated: number;
    unchanged: number;
    failed: number;
  };
  expect(counts.failed).toBe(0);
  expect(counts.created + counts.unchanged + counts.updated).toBe(COUNT);

  const names = (await emulator.admin.dump())
    .organizations!.map((o) => String(o.attributes.name))
    .filter((n) => n.startsWith('Crash Co '));
  expect(names).toHaveLength(COUNT);
  expect(new Set(names).size).toBe(COUNT);
  // The kills must really have landed mid-run for this to prove anything.
  expect(killedMidRun).toBe(KILL_AFTER_CREATES.length);
  expect(progress).toEqual([...progress].sort((a, b) => a - b));

  // And a run after convergence writes nothing.
  emulator.admin.resetStats();
  const again = await runChild();
  expect(JSON.parse(again.stdout)).toMatchObject({ created: 0, updated: 0, unchanged: COUNT });
  expect(emulator.admin.stats().writesApplied).toBe(0);
}, 120_000);
