/** `glueflow plugin new` through the programmatic entry (the scaffold itself is tested in testkit). */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from '@jest/globals';
import { invoke } from '../__fixtures__/cli-harness.js';

let cwd: string;
beforeEach(async () => {
  cwd = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'glueflow-plugin-new-'));
});
afterEach(async () => {
  await fs.promises.rm(cwd, { recursive: true, force: true });
});

it('scaffolds glueflow-plugin-<name> in the current folder and says what to do next', async () => {
  const result = await invoke(['plugin', 'new', 'teams-notify'], { cwd });
  expect(result.code).toBe(0);
  expect(result.stdout).toContain('Created glueflow-plugin-teams-notify in glueflow-plugin-teams-notify');
  const dir = path.join(cwd, 'glueflow-plugin-teams-notify');
  const manifest = JSON.parse(await fs.promises.readFile(path.join(dir, 'package.json'), 'utf8')) as {
    name: string;
    peerDependencies: Record<string, string>;
  };
  expect(manifest.name).toBe('glueflow-plugin-teams-notify');
  expect(manifest.peerDependencies).toHaveProperty('@glueflow/core');
  for (const file of ['src/index.ts', 'src/index.test.ts', 'README.md', 'tsconfig.json'])
    expect(fs.existsSync(path.join(dir, file))).toBe(true);
});

it('--dir chooses the folder; a scoped name keeps its scope in package.json', async () => {
  const result = await invoke(['plugin', 'new', '@acme/rmm-import', '--dir', 'plugins/rmm'], { cwd });
  expect(result.code).toBe(0);
  const manifest = JSON.parse(
    await fs.promises.readFile(path.join(cwd, 'plugins/rmm/package.json'), 'utf8'),
  ) as {
    name: string;
  };
  expect(manifest.name).toBe('@acme/glueflow-plugin-rmm-import');
});

it('a bad name or a folder that is not empty is a usage error (64) with a hint, and writes nothing', async () => {
  const bad = await invoke(['plugin', 'new', 'Bad Name!'], { cwd });
  expect(bad.code).toBe(64);
  expect(bad.stderr).toContain('ESCAFFOLD_NAME');
  expect(bad.stderr).toContain('hint:');
  await fs.promises.mkdir(path.join(cwd, 'taken'));
  await fs.promises.writeFile(path.join(cwd, 'taken', 'keep.txt'), 'mine');
  const taken = await invoke(['plugin', 'new', 'x', '--dir', 'taken'], { cwd });
  expect(taken.code).toBe(64);
  expect(taken.stderr).toContain('ESCAFFOLD_DIR');
  expect(await fs.promises.readdir(path.join(cwd, 'taken'))).toEqual(['keep.txt']);
});

it('--from-tarballs points @glueflow/* at packed tarballs; a folder without them is a usage error', async () => {
  const packed = path.join(cwd, 'packed');
  for (const [short, dependencies] of [
    ['core', {}],
    ['emulator', {}],
    ['testkit', { '@glueflow/emulator': '^0.1.0' }],
  ] as const) {
    const staging = path.join(cwd, 'staging', short);
    await fs.promises.mkdir(path.join(staging, 'package'), { recursive: true });
    const manifest = { name: `@glueflow/${short}`, version: '0.1.0', dependencies };
    await fs.promises.writeFile(path.join(staging, 'package', 'package.json'), JSON.stringify(manifest));
    await fs.promises.mkdir(packed, { recursive: true });
    execFileSync('tar', ['-czf', path.join(packed, `glueflow-${short}-0.1.0.tgz`), '-C', staging, 'package']);
  }
  const result = await invoke(['plugin', 'new', 'teams-notify', '--from-tarballs', 'packed'], { cwd });
  expect(result.code).toBe(0);
  expect(result.stdout).toContain(`@glueflow/* packages come from the tarballs in ${packed}`);
  const manifest = JSON.parse(
    await fs.promises.readFile(path.join(cwd, 'glueflow-plugin-teams-notify', 'package.json'), 'utf8'),
  ) as { devDependencies: Record<string, string>; overrides: Record<string, string> };
  expect(manifest.devDependencies['@glueflow/testkit']).toBe('file:../packed/glueflow-testkit-0.1.0.tgz');
  expect(manifest.overrides['@glueflow/emulator']).toBe('file:../packed/glueflow-emulator-0.1.0.tgz');

  const missing = await invoke(['plugin', 'new', 'other', '--from-tarballs', 'nowhere'], { cwd });
  expect(missing.code).toBe(64);
  expect(missing.stderr).toContain('ESCAFFOLD_TARBALLS');
  expect(fs.existsSync(path.join(cwd, 'glueflow-plugin-other'))).toBe(false);
});
