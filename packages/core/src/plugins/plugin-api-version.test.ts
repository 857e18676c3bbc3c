/**
 * Core refuses a plugin built for a plugin API generation it does not support — older or newer — with a
 * message naming the plugin and both generations, and a hint saying which side to upgrade.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { definePlugin, MIN_PLUGIN_API_VERSION, PLUGIN_API_VERSION } from './contract.js';
import { loadPlugins } from './load-plugins.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'glueflow-plugin-api-'));
  await writeFile(path.join(dir, 'package.json'), '{"type":"module"}');
  // Published as plain ESM, as a plugin package would be.
  const module = (name: string, apiVersion?: number) =>
    `export default { name: ${JSON.stringify(name)},${apiVersion === undefined ? '' : ` apiVersion: ${apiVersion},`} apply() {} };\n`;
  await writeFile(path.join(dir, 'unversioned.js'), module('glueflow-plugin-unversioned'));
  await writeFile(path.join(dir, 'old.js'), module('glueflow-plugin-old', MIN_PLUGIN_API_VERSION - 1));
  await writeFile(path.join(dir, 'future.js'), module('glueflow-plugin-future', PLUGIN_API_VERSION + 1));
  await writeFile(path.join(dir, 'current.js'), module('glueflow-plugin-current', PLUGIN_API_VERSION));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

async function load(...specs: string[]) {
  return loadPlugins(
    specs.map((spec, index) => ({
      spec,
      options: {},
      declaredIn: path.join(dir, 'glueflow.config.yaml'),
      keyPath: `plugins[${index}]`,
    })),
    { cwd: dir },
  );
}

const supported = `${MIN_PLUGIN_API_VERSION}–${PLUGIN_API_VERSION}`;

describe('plugin API version check', () => {
  it('definePlugin stamps the current generation, and such a plugin loads', async () => {
    expect(definePlugin({ name: 'x', apply() {} }).apiVersion).toBe(PLUGIN_API_VERSION);
    const { plugins, problems } = await load('./current.js');
    expect(problems).toEqual([]);
    expect(plugins.map((p) => p.plugin.name)).toEqual(['glueflow-plugin-current']);
  });

  it('refuses a plugin built for a newer plugin API: upgrade core', async () => {
    const { plugins, problems } = await load('./future.js');
    expect(plugins).toEqual([]);
    expect(problems).toEqual([
      {
        severity: 'error',
        item: path.join(dir, 'glueflow.config.yaml'),
        place: 'plugins[0]',
        reason: `plugin "glueflow-plugin-future" was built for plugin API ${PLUGIN_API_VERSION + 1}; this @glueflow/core supports ${supported}`,
        expected: `plugin API ${supported}`,
        actual: `plugin API ${PLUGIN_API_VERSION + 1}`,
        hint: 'upgrade @glueflow/core (and the CLI) to a version that supports this plugin',
      },
    ]);
  });

  it('refuses a plugin built for an older plugin API, or with none recorded: upgrade the plugin', async () => {
    const { plugins, problems } = await load('./old.js', './unversioned.js');
    expect(plugins).toEqual([]);
    expect(problems.map((p) => [p.place, p.reason, p.hint])).toEqual([
      [
        'plugins[0]',
        `plugin "glueflow-plugin-old" was built for plugin API ${MIN_PLUGIN_API_VERSION - 1}; this @glueflow/core supports ${supported}`,
        'upgrade the plugin to a release built for this core, or pin an older core',
      ],
      [
        'plugins[1]',
        `plugin "glueflow-plugin-unversioned" was built for plugin API 0; this @glueflow/core supports ${supported}`,
        'upgrade the plugin to a release built for this core, or pin an older core',
      ],
    ]);
  });

  it('reports every refused plugin together with the ones that load', async () => {
    const { plugins, problems } = await load('./current.js', './future.js', './unversioned.js');
    expect(plugins.map((p) => p.plugin.name)).toEqual(['glueflow-plugin-current']);
    expect(problems.map((p) => p.place)).toEqual(['plugins[1]', 'plugins[2]']);
  });
});
