/**
 * `--json` through the real bin, as cron runs it (`glueflow run psa-nightly --json >> psa.jsonl`):
 * stdout is exactly one line of JSON for every command — results and errors alike — and nothing
 * human goes to stdout. Needs `tsc -b` (the bin runs dist/).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startEmulator } from '@glueflow/emulator';
import type { RunningEmulator } from '@glueflow/emulator';
import { FIXTURE_PLUGIN } from './__fixtures__/cli-harness.js';

const BIN = fileURLToPath(new URL('../bin/glueflow.js', import.meta.url));

let emulator: RunningEmulator;
let dir: string;
let env: Record<string, string | undefined>;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'glueflow-jsonl-'));
  fs.writeFileSync(
    path.join(dir, '.glueflowrc.json'),
    JSON.stringify({
      plugins: [FIXTURE_PLUGIN],
      pipelines: {
        nightly: [{ step: 'orgs.sync', with: { companies: [{ key: 'a', name: 'Jsonl A' }] } }],
        broken: [{ step: 'orgs.sync', with: { companies: [{ key: 'b', name: 'Jsonl B' }, { key: 'x' }] } }],
      },
    }),
  );
  env = {
    PATH: process.env.PATH,
    ITGLUE_API_URL: emulator.url,
    ITGLUE_API_KEY: 'ITG.emulator',
    GLUEFLOW_HOME: path.join(dir, 'home'),
  };
});

afterAll(async () => {
  await emulator.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

interface Spawned {
  code: number;
  stdout: string;
  stderr: string;
}

function glueflow(argv: string[], extraEnv: Record<string, string> = {}): Promise<Spawned> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...argv],
      { cwd: dir, env: { ...env, ...extraEnv }, timeout: 30_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** stdout as JSON Lines: every line parses, and there is exactly one. */
function oneJsonLine(result: Spawned): Record<string, unknown> {
  const lines = result.stdout.split('\n');
  expect(lines.at(-1)).toBe(''); // ends with a newline, so `>>` appends whole lines
  expect({ lines: lines.length - 1, stdout: result.stdout, stderr: result.stderr }).toMatchObject({
    lines: 1,
  });
  return JSON.parse(lines[0]!) as Record<string, unknown>;
}

describe('--json prints exactly one line of JSON on stdout', () => {
  it('for results: run, a partial run, plan, watch --once, health, cache stats, config print, plugins', async () => {
    const cases: Array<[string[], number, Record<string, unknown>]> = [
      [['run', 'nightly', '--json'], 0, { pipeline: 'nightly', status: 'ok' }],
      [['run', 'broken', '--json'], 2, { status: 'partial', counts: expect.objectContaining({ failed: 1 }) }],
      [['plan', 'nightly', '--json'], 0, { dryRun: true, plan: expect.any(Object) }],
      [['watch', '--once', '--json', '--types', 'organizations'], 0, { events: [] }],
      [['health', '--json'], 0, { healthy: true }],
      [['cache', 'stats', '--json'], 0, { exists: true }],
      [['config', 'print', '--json'], 0, { instanceName: 'default' }],
      [['plugins', '--json'], 0, { plugins: expect.any(Array) }],
    ];
    let appended = '';
    for (const [argv, code, shape] of cases) {
      const result = await glueflow(argv);
      expect({ argv, code: result.code }).toEqual({ argv, code });
      expect(oneJsonLine(result)).toMatchObject(shape);
      appended += result.stdout;
    }
    // What `>> runs.jsonl` collects: JSON Lines, one document per invocation.
    const documents = appended.trimEnd().split('\n');
    expect(documents).toHaveLength(cases.length);
    for (const line of documents) expect(() => JSON.parse(line)).not.toThrow();
  });

  it('for errors: an unknown pipeline, a rejected API key, a usage error — {"error": {code, message, hint, where}}', async () => {
    const unknown = await glueflow(['run', 'weekly', '--json']);
    expect(unknown.code).toBe(78);
    expect(oneJsonLine(unknown)).toEqual({
      error: expect.objectContaining({
        code: 'ECONFIG_UNKNOWN_PIPELINE',
        message: expect.stringContaining('weekly'),
        hint: expect.any(String),
        where: null,
      }),
    });
    expect(unknown.stderr).toContain('ECONFIG_UNKNOWN_PIPELINE');

    const rejected = await glueflow(['health', '--json'], { ITGLUE_API_KEY: 'ITG.not-the-key-987' });
    expect(rejected.code).toBe(1);
    expect(oneJsonLine(rejected)).toMatchObject({ healthy: false, apiKey: { valid: false } });
    expect(rejected.stdout + rejected.stderr).not.toContain('not-the-key-987');

    const noKey = await glueflow(['run', 'nightly', '--json'], { ITGLUE_API_KEY: '' });
    expect(noKey.code).toBe(1);
    expect(oneJsonLine(noKey)).toMatchObject({ error: { code: 'EITGLUE_NO_API_KEY' } });

    const usage = await glueflow(['run', '--json']);
    expect(usage.code).toBe(64);
    expect(oneJsonLine(usage)).toEqual({
      error: {
        code: 'EUSAGE',
        message: "missing required argument 'pipeline'",
        hint: 'see `glueflow <command> --help`',
        where: null,
      },
    });
  });

  it('--json-pretty prints the same object indented', async () => {
    const result = await glueflow(['config', 'print', '--json-pretty']);
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n').length).toBeGreaterThan(3);
    expect(JSON.parse(result.stdout)).toMatchObject({ instanceName: 'default' });
  });
});
