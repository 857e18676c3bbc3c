/**
 * Secrets across every example pipeline, through the CLI at debug level with a known API key: the key
 * appears in no log line, plan file, `--json` output or SQLite file (cache + state).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from '@jest/globals';
import { createProject } from './__fixtures__/cli-harness.js';
import type { Project } from './__fixtures__/cli-harness.js';

const CONFIG = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../examples/glueflow.config.mjs',
);
const KEY = 'ITG.5f0c1e9a7b3d42c8a6e1f0b9d8c7a6e5-known-test-key';

let p: Project | undefined;
afterEach(async () => {
  await p?.close();
  p = undefined;
});

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });
}

it('a known API key never leaves memory: logs, plans, --json output and SQLite files are clean', async () => {
  p = await createProject(null, { apiKeys: [KEY] });
  await p.emulator.admin.insert(
    'organizations',
    ['Acme Corp', 'Globex', 'Initech'].map((name) => ({ name })),
  );
  const env = { ITGLUE_API_KEY: KEY };
  const log = path.join(p.dir, 'debug.log');
  const outputs: string[] = [];
  for (const pipeline of ['psa-sync', 'runbooks', 'mail']) {
    const planFile = path.join(p.dir, `${pipeline}.plan.json`);
    const planned = await p.cli(
      ['plan', pipeline, '-c', CONFIG, '--out', planFile, '--verbose', '--log-file', log],
      { env },
    );
    expect(planned.code).toBe(0);
    const applied = await p.cli(['apply', planFile, '-c', CONFIG, '--json', '--verbose', '--log-file', log], {
      env,
    });
    expect(applied.code).toBe(0);
    outputs.push(planned.stdout, planned.stderr, applied.stdout, applied.stderr);
  }
  const logText = fs.readFileSync(log, 'utf8');
  expect(logText.split('\n').length).toBeGreaterThan(50); // debug level really logged
  for (const text of [logText, ...outputs]) expect(text).not.toContain(KEY);
  const written = [
    ...filesUnder(p.home),
    ...fs
      .readdirSync(p.dir)
      .filter((f) => f.endsWith('.plan.json'))
      .map((f) => path.join(p!.dir, f)),
  ];
  expect(written.some((f) => f.endsWith('.sqlite'))).toBe(true);
  for (const file of written) expect(fs.readFileSync(file).includes(Buffer.from(KEY))).toBe(false);
}, 180_000);
