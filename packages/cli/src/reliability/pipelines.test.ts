/**
 * The reliability gauntlet over the real pipelines (PSA sync, markdown import, email import from
 * `examples/`), driven through the CLI as cron would run it:
 * - fault storm: every emulator fault kind at 3 %; the final IT Glue state equals a calm run's;
 * - crash safety: the `glueflow` process SIGKILLed mid-write five times per pipeline, then run again:
 *   the same state, zero duplicates, zero lost.
 * `pnpm test:reliability` (minutes long; not part of the main suite).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from '@jest/globals';
import { createProject } from '../__fixtures__/cli-harness.js';
import type { Project } from '../__fixtures__/cli-harness.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const CONFIG = path.resolve(here, '../../../../examples/glueflow.config.mjs');
const BIN = path.resolve(here, '../../bin/glueflow.js');
const PIPELINES = ['psa-sync', 'runbooks', 'mail'];
const DEMO_CLIENTS = ['Acme Corp', 'Globex', 'Initech'];
const STORM =
  '500:0.03,502:0.03,503:0.03,504:0.03,reset:0.03,slow:0.03,commit-then-fail:0.03,429:0.03,slowMs=150';

let projects: Project[] = [];
afterEach(async () => {
  await Promise.all(projects.map((p) => p.close()));
  projects = [];
});

async function project(emulator: Parameters<typeof createProject>[1] = {}): Promise<Project> {
  const p = await createProject(null, emulator);
  projects.push(p);
  // The organizations the example runbooks and mail are filed under exist already, as in the demo.
  await p.emulator.admin.insert(
    'organizations',
    DEMO_CLIENTS.map((name) => ({ name })),
  );
  return p;
}

async function runAll(p: Project): Promise<number[]> {
  const codes: number[] = [];
  for (const pipeline of PIPELINES)
    codes.push((await p.cli(['run', pipeline, '--config', CONFIG, '--json'])).code);
  return codes;
}

/** What IT Glue holds, per type, as sorted names: the state two runs are compared on. */
async function state(p: Project): Promise<Record<string, string[]>> {
  const dump = await p.emulator.admin.dump();
  const names = (type: string, attribute = 'name') =>
    (dump[type] ?? []).map((r) => String(r.attributes[attribute])).sort();
  return {
    organizations: names('organizations'),
    flexibleAssets: names('flexible-assets'),
    flexibleAssetTypes: names('flexible-asset-types'),
    attachments: names('attachments', 'attachment-file-name'),
  };
}

function duplicates(values: string[]): string[] {
  return values.filter((v, i) => values.indexOf(v) !== i);
}

describe('fault storm', () => {
  it('every fault kind at 3 % across the three pipelines: same final state as a calm run', async () => {
    const calm = await project();
    const storm = await project({ faults: STORM, seed: 5 });
    expect(await runAll(calm)).toEqual([0, 0, 0]);
    // A storm may leave items failed once their retries run out; the next scheduled run picks them up.
    await runAll(storm);
    await runAll(storm);
    const expected = await state(calm);
    const actual = await state(storm);
    expect(actual).toEqual(expected);
    expect(duplicates(actual.organizations ?? [])).toEqual([]);
    expect(duplicates(actual.flexibleAssets ?? [])).toEqual([]);
    const injected = storm.emulator.admin.stats().faultsInjected;
    expect(Object.values(injected).reduce((a, b) => a + b, 0)).toBeGreaterThan(10);
  }, 600_000);
});

function runChild(p: Project, pipeline: string, killAfterCreates?: number): Promise<{ killed: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'run', pipeline, '--config', CONFIG, '--quiet'], {
      env: { ...process.env, ...p.env, NO_COLOR: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const start = p.emulator.admin.stats().writesApplied;
    const timer =
      killAfterCreates === undefined
        ? undefined
        : setInterval(() => {
            if (p.emulator.admin.stats().writesApplied - start >= killAfterCreates) child.kill('SIGKILL');
          }, 2);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearInterval(timer);
      if (signal === 'SIGKILL') resolve({ killed: true });
      else if (code === 0) resolve({ killed: false });
      else reject(new Error(`glueflow run ${pipeline} exited ${code}: ${stderr}`));
    });
  });
}

describe('crash safety', () => {
  it('each pipeline SIGKILLed five times mid-write, then run again: converges, zero duplicates, zero lost', async () => {
    const calm = await project();
    await runAll(calm);
    const crashy = await project();
    for (const pipeline of PIPELINES) {
      let killedMidRun = 0;
      for (const writes of [1, 2, 3, 4, 5]) {
        const { killed } = await runChild(crashy, pipeline, writes);
        if (killed) killedMidRun++;
      }
      const final = await runChild(crashy, pipeline);
      expect(final.killed).toBe(false);
      // Pipelines with few items may finish before a late kill; most kills must land mid-run.
      expect(killedMidRun).toBeGreaterThanOrEqual(3);
    }
    const expected = await state(calm);
    const actual = await state(crashy);
    expect(actual).toEqual(expected);
    // And once converged, every pipeline re-runs without a single write.
    crashy.emulator.admin.resetStats();
    for (const pipeline of PIPELINES) await runChild(crashy, pipeline);
    expect(crashy.emulator.admin.stats().writesApplied).toBe(0);
  }, 600_000);
});
