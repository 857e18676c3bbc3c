import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from './load-config.js';
import { ConfigError } from './config-error.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'glueflow-config-'));
  await writeFile(path.join(dir, 'package.json'), '{"name":"fixture"}');
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

const write = (name: string, text: string) => writeFile(path.join(dir, name), text);
const load = (extra: Partial<Parameters<typeof loadConfig>[0]> = {}) =>
  loadConfig({ cwd: dir, env: { HOME: dir, XDG_CACHE_HOME: path.join(dir, 'xdg') }, ...extra });

async function problemsOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return (error as ConfigError).problems;
}

describe('config formats', () => {
  const body = { instance: { region: 'eu' }, pipelines: { nightly: [{ step: 'psa.sync-organizations' }] } };
  const cases: Array<[string, string]> = [
    ['.glueflowrc', JSON.stringify(body)],
    ['.glueflowrc.json', JSON.stringify(body)],
    [
      '.glueflowrc.yaml',
      'instance:\n  region: eu\npipelines:\n  nightly:\n    - step: psa.sync-organizations\n',
    ],
    [
      '.glueflowrc.yml',
      'instance: { region: eu }\npipelines: { nightly: [ { step: psa.sync-organizations } ] }\n',
    ],
    ['.glueflowrc.mjs', `export default ${JSON.stringify(body)};`],
    ['.glueflowrc.cjs', `module.exports = ${JSON.stringify(body)};`],
    ['glueflow.config.mjs', `export default ${JSON.stringify(body)};`],
    ['glueflow.config.js', `export default ${JSON.stringify(body)};`],
    ['glueflow.config.cjs', `module.exports = ${JSON.stringify(body)};`],
  ];
  it.each(cases)('reads %s', async (name, text) => {
    await write(name, text);
    const config = await load();
    expect(config.filepath).toBe(path.join(dir, name));
    expect(config.instance.region).toBe('eu');
    expect(config.pipelines.nightly?.[0]?.step).toBe('psa.sync-organizations');
    expect(config.pipelines.nightly?.[0]?.baseDir).toBe(dir);
  });

  it('reads package.json#glueflow', async () => {
    await write('package.json', JSON.stringify({ name: 'fixture', glueflow: body }));
    const config = await load();
    expect(config.instance.region).toBe('eu');
    expect(config.provenance['instance.region']).toBe(`file ${path.join(dir, 'package.json')}`);
  });

  it('finds the config from a subfolder up to the project root', async () => {
    await write('.glueflowrc.json', JSON.stringify(body));
    await mkdir(path.join(dir, 'docs', 'deep'), { recursive: true });
    const config = await load({ cwd: path.join(dir, 'docs', 'deep') });
    expect(config.filepath).toBe(path.join(dir, '.glueflowrc.json'));
  });

  it('--config names a file anywhere, relative to cwd', async () => {
    await mkdir(path.join(dir, 'conf'));
    await write('conf/custom.yaml', 'instance: { region: au }\n');
    const config = await load({ configFile: 'conf/custom.yaml' });
    expect(config.instance.region).toBe('au');
  });

  it('works without any config file, on defaults', async () => {
    const config = await load();
    expect(config.filepath).toBeNull();
    expect(config.rateLimit).toEqual({ requests: 3000, windowSeconds: 300 });
    expect(config.concurrency).toBe(8);
    expect(config.home).toBe(path.join(dir, 'xdg', 'glueflow'));
    expect(config.provenance['rateLimit.requests']).toBe('default');
  });
});

describe('precedence: flags > env > file > extends > defaults', () => {
  beforeEach(async () => {
    await mkdir(path.join(dir, 'shared'));
    await write(
      'shared/base.yaml',
      'rateLimit: { requests: 1000, windowSeconds: 60 }\nconcurrency: 4\npipelines:\n  base-only:\n    - step: markdown.import\n      with: { files: "*.md" }\n',
    );
    await write(
      '.glueflowrc.yaml',
      'extends: ./shared/base.yaml\ninstance: { region: eu }\nrateLimit: { requests: 2000 }\n',
    );
  });

  it('merges extends under the file and keeps where each value came from', async () => {
    const config = await load();
    expect(config.rateLimit).toEqual({ requests: 2000, windowSeconds: 60 });
    expect(config.concurrency).toBe(4);
    expect(config.provenance['rateLimit.requests']).toBe(`file ${path.join(dir, '.glueflowrc.yaml')}`);
    expect(config.provenance['rateLimit.windowSeconds']).toBe(
      `file ${path.join(dir, 'shared', 'base.yaml')}`,
    );
    // Relative paths in an extended file resolve against that file's folder.
    expect(config.pipelines['base-only']?.[0]?.baseDir).toBe(path.join(dir, 'shared'));
  });

  it('environment beats the file, and ITGLUE_API_URL beats ITGLUE_REGION', async () => {
    const config = await load({
      env: {
        HOME: dir,
        ITGLUE_REGION: 'au',
        ITGLUE_API_URL: 'http://127.0.0.1:4100',
        GLUEFLOW_HOME: path.join(dir, 'gh'),
      },
    });
    expect(config.instance).toEqual({ region: 'au', url: 'http://127.0.0.1:4100' });
    expect(config.provenance['instance.url']).toBe('env ITGLUE_API_URL');
    expect(config.home).toBe(path.join(dir, 'gh'));
    expect(config.provenance.home).toBe('env GLUEFLOW_HOME');
  });

  it('flags beat the environment', async () => {
    const config = await load({ env: { HOME: dir, ITGLUE_REGION: 'au' }, flags: { region: 'us' } });
    expect(config.instance.region).toBe('us');
    expect(config.provenance['instance.region']).toBe('flag --region');
  });

  it('selects a named instance with --instance', async () => {
    await write(
      '.glueflowrc.yaml',
      'instances:\n  prod: { region: eu }\n  sandbox: { url: "http://127.0.0.1:4100" }\n',
    );
    const config = await load({ flags: { instance: 'sandbox' } });
    expect(config.instanceName).toBe('sandbox');
    expect(config.instance.url).toBe('http://127.0.0.1:4100');
    const problems = await problemsOf(load({ flags: { instance: 'staging' } }));
    expect(problems[0]).toMatchObject({ place: '--instance', expected: 'one of prod, sandbox' });
  });
});

describe('config problems', () => {
  it('reports every problem at once with file, key path, expected and found', async () => {
    await write(
      '.glueflowrc.yaml',
      [
        'instance: { region: mars }',
        'rateLimit: { requests: "lots" }',
        'plugins:',
        '  - [psa, { provider: connectwise, connection: { privateKey: "hunter2-literal" } }]',
        'pipelines:',
        '  nightly:',
        '    - stepp: psa.sync-organizations',
        'colour: blue',
        '',
      ].join('\n'),
    );
    const error = (await load().catch((e: unknown) => e)) as ConfigError;
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.code).toBe('ECONFIG_INVALID');
    const report = error.message.replaceAll(dir, '<dir>');
    expect(report).not.toContain('hunter2-literal');
    expect(report).toMatchSnapshot();
    expect(error.problems.map((p) => p.place).sort()).toEqual(
      [
        'colour',
        'instance.region',
        'pipelines.nightly[0].step',
        'pipelines.nightly[0].stepp',
        'plugins[0][1].connection.privateKey',
        'rateLimit.requests',
      ].sort(),
    );
  });

  it('leave as JSON under their documented names, whatever the type calls them', async () => {
    await write('.glueflowrc.yaml', 'instance:\n  region: mars\n');
    const error = (await load().catch((e: unknown) => e)) as ConfigError;
    const json = JSON.parse(JSON.stringify(error)) as { problems: unknown[] };
    expect(json.problems).toEqual([
      {
        file: path.join(dir, '.glueflowrc.yaml'),
        path: 'instance.region',
        message: 'value not allowed',
        expected: 'one of "us", "eu", "au"',
        found: '"mars"',
        line: 2,
      },
    ]);
  });

  it('answers an unknown key with the key it probably misspells and its line (issue 18.9)', async () => {
    await write('.glueflowrc.yaml', 'instance:\n  region: eu\n\npipelnes:\n  nightly: []\n');
    expect(await problemsOf(load())).toEqual([
      expect.objectContaining({
        item: path.join(dir, '.glueflowrc.yaml'),
        line: 4,
        place: 'pipelnes',
        reason: 'unknown key (did you mean `pipelines`?)',
      }),
    ]);
    await rm(path.join(dir, '.glueflowrc.yaml'));
    await write(
      'glueflow.config.mjs',
      "export default {\n  instance: { region: 'eu' },\n  pipelines: {\n    nightly: [\n      { step: 'x', wiht: {} },\n    ],\n  },\n};\n",
    );
    const error = (await load().catch((e: unknown) => e)) as ConfigError;
    expect(error.problems).toEqual([
      expect.objectContaining({
        line: 5,
        place: 'pipelines.nightly[0].wiht',
        reason: 'unknown key (did you mean `with`?)',
      }),
    ]);
    expect(error.message).toContain(`${path.join(dir, 'glueflow.config.mjs')}:5: pipelines.nightly[0].wiht`);
  });

  it('points at the line of a YAML syntax error', async () => {
    await write('.glueflowrc.yaml', 'instance:\n  region: eu\n pipelines: [\n');
    const problems = await problemsOf(load());
    expect(problems).toHaveLength(1);
    expect(problems[0]!.item).toBe(path.join(dir, '.glueflowrc.yaml'));
    expect(problems[0]!.place).toMatch(/^line \d+, column \d+$/);
    expect(problems[0]!.reason).toMatch(/^cannot read config/);
  });

  it('reports a missing --config file and a broken extends chain', async () => {
    expect((await problemsOf(load({ configFile: 'nope.yaml' })))[0]).toMatchObject({
      reason: 'config file not found',
    });
    await write('.glueflowrc.yaml', 'extends: [./a.yaml, some-missing-package]\n');
    await write('a.yaml', 'extends: ./.glueflowrc.yaml\n');
    const problems = await problemsOf(load());
    expect(problems.map((p) => p.reason)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^extends cycle/), 'cannot find the extended config']),
    );
  });
});
