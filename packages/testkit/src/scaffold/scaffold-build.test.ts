/**
 * The issue's "done when": a plugin made by `scaffoldPlugin` (what `glueflow plugin new` runs) type-checks
 * and builds with its own tsconfig, its own test passes out of the box, and — loaded from a local path in
 * a config file — it runs in a pipeline against the emulator.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadConfig, loadPlugins, Runtime } from '@glueflow/core';
import { startEmulator } from '@glueflow/emulator';
import type { RunningEmulator } from '@glueflow/emulator';
import { buildScaffold } from '../__fixtures__/build-scaffold.js';
import type { ScaffoldBuild } from '../__fixtures__/build-scaffold.js';
import { installFromWorkspace, REPO_ROOT } from '../__fixtures__/workspace-install.js';
import { scaffoldPlugin } from './scaffold-plugin.js';

const run = promisify(execFile);

let root: string;
let pluginDir: string;
let build: ScaffoldBuild;
let ownTest: Promise<JestReport>;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'glueflow-scaffold-build-'));
  pluginDir = path.join(root, 'plugins', 'acme-notes');
  await scaffoldPlugin({ name: 'acme-notes', dir: pluginDir });
  await installFromWorkspace(pluginDir);
  // The scaffold's own jest run is a separate process: let it work while this one type-checks.
  ownTest = runOwnTest();
  ownTest.catch(() => undefined); // awaited (and failing) in its own test below
  build = buildScaffold(pluginDir);
}, 180_000); // a TypeScript program over core's sources: slow on a busy 2-core machine
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('a scaffolded plugin', () => {
  it('type-checks and builds with its own tsconfig', () => {
    expect(build.diagnostics).toEqual([]);
    expect(build.emitted).toEqual(
      expect.arrayContaining(['dist/index.js', 'dist/index.d.ts', 'dist/index.test.js']),
    );
  });

  it('passes its own test, run with its own jest config', async () => {
    const result = await ownTest;
    expect(result).toMatchObject({ success: true, numTotalTests: 5, numPassedTests: 5 });
  }, 180_000);

  describe('loaded from a local path in a config file', () => {
    let emulator: RunningEmulator;
    beforeAll(async () => {
      emulator = await startEmulator({ port: 0 });
    });
    afterAll(async () => {
      await emulator.stop();
    });

    it('runs in a pipeline against the emulator, and again with zero writes', async () => {
      await writeFile(
        path.join(root, '.glueflowrc.yaml'),
        [
          'instance:',
          `  url: ${emulator.url}`,
          'plugins:',
          '  - [./plugins/acme-notes, { organization: Acme Corp }]',
          'pipelines:',
          '  people:',
          '    - step: acme-notes.upsert-contacts',
          '      with:',
          '        contacts:',
          '          - { id: p-1, firstName: Ada, lastName: Lovelace, title: Engineer }',
          '          - { id: p-2, firstName: Grace, lastName: Hopper }',
        ].join('\n'),
      );
      const home = path.join(root, 'home');
      const config = await loadConfig({ cwd: root, env: { GLUEFLOW_HOME: home, HOME: root } });
      const runtime = await Runtime.open({
        config,
        env: { ITGLUE_API_KEY: 'ITG.emulator' },
        keychain: false,
        secretKeychain: () => undefined,
      });
      try {
        expect(runtime.engine.listPlugins().map((p) => p.plugin.name)).toEqual([
          'glueflow-plugin-acme-notes',
        ]);
        await runtime.client.organizations.create({ name: 'Acme Corp' });
        const first = await runtime.run('people');
        expect(first.summary).toMatchObject({ status: 'ok', counts: { created: 2, failed: 0 } });
        const contacts = (await emulator.admin.dump()).contacts ?? [];
        expect(contacts.map((c) => c.attributes.name).sort()).toEqual(['Ada Lovelace', 'Grace Hopper']);

        emulator.admin.resetStats();
        const again = await runtime.run('people');
        expect(again.summary.counts).toMatchObject({ created: 0, unchanged: 2 });
        expect(emulator.admin.stats().writesApplied).toBe(0);
      } finally {
        await runtime.close();
      }
    });

    it('also loads from the built file itself', async () => {
      const { plugins, problems } = await loadPlugins(
        [
          {
            spec: './plugins/acme-notes/dist/index.js',
            options: {},
            declaredIn: path.join(root, '.glueflowrc.yaml'),
            keyPath: 'plugins[0]',
          },
        ],
        { cwd: root },
      );
      expect(problems).toEqual([]);
      expect(plugins[0]?.plugin.name).toBe('glueflow-plugin-acme-notes');
      expect(plugins[0]?.options).toEqual({ logOrganizationUpdates: true });
    });
  });
});

interface JestReport {
  success: boolean;
  numTotalTests: number;
  numPassedTests: number;
}

/** Runs the package's `test` script, word for word, with its own jest config plus a workspace mapping. */
async function runOwnTest(): Promise<JestReport> {
  // The generated jest.config.js, with `@glueflow/*` mapped to this workspace's sources like the
  // repository's own jest does (so the result never depends on a stale dist/).
  const config = path.join(root, 'jest.workspace.config.mjs');
  await writeFile(
    config,
    [
      `import base from ${JSON.stringify(path.join(pluginDir, 'jest.config.js'))};`,
      'export default {',
      '  ...base,',
      `  rootDir: ${JSON.stringify(pluginDir)},`,
      `  moduleNameMapper: { '^@glueflow/([a-z-]+)$': ${JSON.stringify(`${REPO_ROOT}packages/$1/src/index.ts`)}, ...base.moduleNameMapper },`,
      '};',
    ].join('\n'),
  );
  const manifest = JSON.parse(await readFile(path.join(pluginDir, 'package.json'), 'utf8')) as {
    scripts: { test: string };
  };
  const [node, ...args] = manifest.scripts.test.split(' ');
  if (node !== 'node') throw new Error(`the test script does not start with node: ${manifest.scripts.test}`);
  const report = path.join(root, 'jest-report.json');
  await run(process.execPath, [...args, '--config', config, '--ci', '--json', `--outputFile=${report}`], {
    cwd: pluginDir,
    env: { ...process.env, NODE_ENV: 'test' },
  }).catch((error: { stderr?: string }) => {
    throw new Error(`the scaffold's test failed:\n${error.stderr ?? String(error)}`);
  });
  return JSON.parse(await readFile(report, 'utf8')) as JestReport;
}
