import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { loadConfig } from '../config/load-config.js';
import { definePlugin, PLUGIN_API_VERSION } from './contract.js';
import { loadPlugins } from './load-plugins.js';

let dir: string;

/** A plugin module as a package author would publish it (plain ESM, no build step). */
function pluginSource(name: string, apiVersion = PLUGIN_API_VERSION) {
  return `export default { name: ${JSON.stringify(name)}, apiVersion: ${apiVersion}, apply() {} };\n`;
}

async function addPackage(name: string, apiVersion?: number) {
  const root = path.join(dir, 'node_modules', name);
  await mkdir(root, { recursive: true });
  await writeFile(
    path.join(root, 'package.json'),
    JSON.stringify({ name, type: 'module', exports: { '.': { import: './index.js' } } }),
  );
  await writeFile(path.join(root, 'index.js'), pluginSource(name, apiVersion));
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'glueflow-plugins-'));
  await writeFile(path.join(dir, 'package.json'), '{"name":"fixture","type":"module"}');
  await addPackage('@glueflow/plugin-alpha');
  await addPackage('glueflow-plugin-beta');
  await addPackage('@acme/glueflow-plugin-gamma');
  await addPackage('delta-tools');
  await addPackage('glueflow-plugin-future', PLUGIN_API_VERSION + 1);
  await mkdir(path.join(dir, 'plugins'));
  await writeFile(path.join(dir, 'plugins', 'teams-notify.js'), pluginSource('teams-notify'));
  await mkdir(path.join(dir, 'plugins', 'local-pkg'));
  await writeFile(
    path.join(dir, 'plugins', 'local-pkg', 'package.json'),
    JSON.stringify({ name: 'local-pkg', type: 'module', exports: { '.': { import: './main.js' } } }),
  );
  await writeFile(path.join(dir, 'plugins', 'local-pkg', 'main.js'), pluginSource('local-pkg'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

async function loadFrom(yaml: string) {
  await writeFile(path.join(dir, '.glueflowrc.yaml'), yaml);
  const config = await loadConfig({ cwd: dir, env: { HOME: dir } });
  return loadPlugins(config.plugins, { cwd: dir });
}

describe('plugin resolution', () => {
  it('resolves every spec form', async () => {
    const { plugins, problems } = await loadFrom(
      [
        'plugins:',
        '  - alpha                       # -> @glueflow/plugin-alpha',
        '  - beta                        # -> glueflow-plugin-beta',
        '  - "@acme/gamma"               # -> @acme/glueflow-plugin-gamma',
        '  - delta-tools                 # a full package name',
        '  - ./plugins/teams-notify.js   # relative to the config file',
        '  - [./plugins/local-pkg, {}]   # a package folder, as a tuple',
      ].join('\n'),
    );
    expect(problems).toEqual([]);
    expect(plugins.map((p) => p.plugin.name)).toEqual([
      '@glueflow/plugin-alpha',
      'glueflow-plugin-beta',
      '@acme/glueflow-plugin-gamma',
      'delta-tools',
      'teams-notify',
      'local-pkg',
    ]);
  });

  it('lists every place tried when a plugin is missing', async () => {
    const { problems } = await loadFrom('plugins:\n  - nowhere\n');
    expect(problems).toHaveLength(1);
    expect(problems[0]!.reason).toBe('cannot find plugin "nowhere"');
    expect(problems[0]!.actual).toContain(`@glueflow/plugin-nowhere from ${dir}`);
    expect(problems[0]!.actual).toContain('glueflow-plugin-nowhere');
    expect(problems[0]!.place).toBe('plugins[0]');
  });

  it('refuses two plugins with the same name and an incompatible plugin API', async () => {
    const { problems } = await loadFrom(
      'plugins:\n  - ./plugins/teams-notify.js\n  - beta\n  - future\n  - [teams, {}]\n',
    );
    // `teams` is not installed; the duplicate check needs two loaded plugins with one name:
    expect(problems.map((p) => p.reason)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^plugin "glueflow-plugin-future" was built for plugin API 2/),
        'cannot find plugin "teams"',
      ]),
    );
    const dup = await loadPlugins(
      [
        { spec: { name: 'same', apply() {} }, options: {}, declaredIn: null, keyPath: 'plugins[0]' },
        { spec: { name: 'same', apply() {} }, options: {}, declaredIn: null, keyPath: 'plugins[1]' },
      ],
      { cwd: dir },
    );
    expect(dup.problems[0]).toMatchObject({ place: 'plugins[1]', reason: 'two plugins are named "same"' });
  });
});

describe('plugin options', () => {
  const plugin = definePlugin({
    name: 'glueflow-plugin-options',
    options: z.object({
      folder: z.string().describe('Where to look'),
      limit: z.number().int().default(10).describe('How many'),
    }),
    apply() {},
  });

  it('applies defaults and rejects unknown keys before any work, naming the plugin and key path', async () => {
    const good = await loadPlugins(
      [{ spec: plugin, options: { folder: 'x' }, declaredIn: '/cfg/.glueflowrc', keyPath: 'plugins[3]' }],
      { cwd: dir },
    );
    expect(good.plugins[0]!.options).toEqual({ folder: 'x', limit: 10 });
    const bad = await loadPlugins(
      [
        {
          spec: plugin,
          options: { folder: 3, limt: 5 },
          declaredIn: '/cfg/.glueflowrc',
          keyPath: 'plugins[3]',
        },
      ],
      { cwd: dir },
    );
    expect(bad.plugins).toEqual([]);
    expect(bad.problems).toEqual([
      {
        severity: 'error',
        item: '/cfg/.glueflowrc',
        place: 'plugins[3][1].folder',
        reason: 'glueflow-plugin-options: wrong type',
        expected: 'string',
        actual: 'number 3',
      },
      {
        severity: 'error',
        item: '/cfg/.glueflowrc',
        place: 'plugins[3][1].limt',
        reason: 'glueflow-plugin-options: unknown key (did you mean `limit`?)',
        expected: 'no such key (check the spelling against the documentation)',
        actual: 'number 5',
      },
    ]);
  });
});
