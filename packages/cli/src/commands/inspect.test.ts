/** `glueflow plugins`, `config print` and `init`: no API key or network needed. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { createProject, FIXTURE_PLUGIN, invoke, normalize, orgsConfig } from '../__fixtures__/cli-harness.js';
import type { Project } from '../__fixtures__/cli-harness.js';

let project: Project | undefined;
afterEach(async () => {
  await project?.close();
  project = undefined;
});

const noKey = { ITGLUE_API_KEY: undefined, ITGLUE_API_URL: undefined };

describe('glueflow plugins', () => {
  it('lists plugins, their steps and the hooks each taps', async () => {
    project = await createProject(orgsConfig({ nightly: [{ step: 'orgs.sync', with: { companies: [] } }] }));
    const result = await project.cli(['plugins', '--json'], { env: noKey });
    expect(result.code).toBe(0);
    const json = result.json<{
      plugins: Array<Record<string, unknown>>;
      otherTaps: Record<string, string[]>;
    }>();
    expect(json.plugins).toEqual([
      {
        name: 'glueflow-plugin-cli-fixture',
        description: 'organizations from a list, for the CLI tests',
        apiVersion: 1,
        from: `${FIXTURE_PLUGIN}, .glueflowrc.json plugins[0]`,
        steps: [{ id: 'orgs.sync', description: 'upserts the organizations listed in `companies`' }],
        taps: ['afterRun', 'onOrganizationUpdated'],
      },
    ]);
    const human = await project.cli(['plugins'], { env: noKey });
    expect(normalize(human.stdout, project).split(FIXTURE_PLUGIN).join('<fixture>')).toMatchSnapshot();
  });

  it('loads the bundled plugins by short name from the CLI’s own install', async () => {
    project = await createProject({ plugins: ['markdown', 'email', ['psa', { provider: 'csv' }]] });
    const result = await project.cli(['plugins', '--json'], { env: noKey });
    expect(result.code).toBe(0);
    const json = result.json<{ plugins: Array<{ name: string; steps: Array<{ id: string }> }> }>();
    expect(json.plugins.map((p) => p.name)).toEqual([
      '@glueflow/plugin-markdown',
      '@glueflow/plugin-email',
      '@glueflow/plugin-psa',
    ]);
    const steps = json.plugins.flatMap((p) => p.steps.map((s) => s.id));
    expect(steps).toEqual(
      expect.arrayContaining(['markdown.import', 'email.import', 'psa.sync-organizations']),
    );
  });

  it('a plugin that cannot be found is a config error listing where it looked', async () => {
    project = await createProject({ plugins: ['no-such-thing'] });
    const result = await project.cli(['plugins'], { env: noKey });
    expect(result.code).toBe(78);
    expect(result.stderr).toContain('cannot find plugin "no-such-thing"');
    expect(result.stderr).toContain('tried:');
  });

  it('reports pipelines naming unknown steps (exit 78), JSON included', async () => {
    project = await createProject(orgsConfig({ nightly: [{ step: 'orgs.synk' }] }));
    const result = await project.cli(['plugins', '--json'], { env: noKey });
    expect(result.code).toBe(78);
    expect(result.json<{ problems: Array<{ path: string }> }>().problems).toEqual([
      expect.objectContaining({ path: 'pipelines.nightly[0].step', message: 'unknown step "orgs.synk"' }),
    ]);
  });
});

describe('glueflow config print', () => {
  it('shows resolved values with their source, and never a secret value', async () => {
    project = await createProject({
      instance: { region: 'eu' },
      rateLimit: { requests: 1000 },
      plugins: [FIXTURE_PLUGIN, ['psa', { provider: 'csv', connection: { privateKey: { env: 'PSA_KEY' } } }]],
      pipelines: { nightly: [{ step: 'orgs.sync', with: { companies: [], token: { env: 'T' } } }] },
    });
    const env = {
      ITGLUE_API_KEY: 'ITG.super-secret-value',
      ITGLUE_API_URL: undefined,
      ITGLUE_REGION: undefined,
    };
    const result = await project.cli(['config', 'print', '--json'], { env });
    expect(result.code).toBe(0);
    const json = result.json<{ provenance: Record<string, string>; apiKey: object; instance: object }>();
    expect(json.instance).toEqual({ region: 'eu' });
    expect(json.apiKey).toEqual({ present: true, source: 'ITGLUE_API_KEY' });
    expect(json.provenance).toMatchObject({
      'instance.region': `file ${path.join(project.dir, '.glueflowrc.json')}`,
      'rateLimit.requests': `file ${path.join(project.dir, '.glueflowrc.json')}`,
      'rateLimit.windowSeconds': 'default',
      home: 'env GLUEFLOW_HOME',
    });
    const human = await project.cli(['config', 'print'], {
      env: { ...env, ITGLUE_REGION: 'au' },
    });
    expect(human.code).toBe(0);
    expect(human.stdout + result.stdout).not.toContain('super-secret-value');
    expect(normalize(human.stdout, project).split(FIXTURE_PLUGIN).join('<fixture>')).toMatchSnapshot();
  });

  it('refuses secret-shaped values (issue 17.7) and echoes none of them, human or --json', async () => {
    const secret = 'S3cr3t-Attacker-Value';
    project = await createProject({
      plugins: [
        FIXTURE_PLUGIN,
        [
          'psa',
          {
            provider: 'csv',
            connection: {
              privateKey: { env: 'PSA_KEY', default: secret },
              site: `https://u:${secret}@psa.test`,
            },
          },
        ],
      ],
      pipelines: {
        nightly: [
          {
            step: 'orgs.sync',
            with: { companies: [], apiKey: 73656372, auth: { keychain: 'k', value: secret } },
          },
        ],
      },
    });
    for (const argv of [
      ['config', 'print'],
      ['config', 'print', '--json'],
    ]) {
      const result = await project.cli(argv);
      expect(result.code).toBe(78);
      for (const leak of [secret, '73656372']) expect(result.stdout + result.stderr).not.toContain(leak);
      expect(result.stderr).toContain('plugins[1][1].connection.privateKey');
      expect(result.stderr).toContain('pipelines.nightly[0].with.apiKey');
      expect(result.stderr).toContain('pipelines.nightly[0].with.auth');
      expect(result.stderr).toContain('credentials in a URL');
    }
  });

  it('masks values under secret-looking keys (a second line of defence)', async () => {
    const { maskSecretValues } = await import('@glueflow/core');
    expect(
      maskSecretValues({
        connection: { privateKey: 'abc', publicKey: { env: 'X' }, site: 'eu', pin: 7, token: [1, 2] },
        list: [{ token: 't' }],
      }),
    ).toEqual({
      connection: {
        privateKey: '[REDACTED]',
        publicKey: { env: 'X' },
        site: 'eu',
        pin: 7,
        token: '[REDACTED]',
      },
      list: [{ token: '[REDACTED]' }],
    });
  });

  it('says where the API key is missing from', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'glueflow-cfg-'));
    const result = await invoke(['config', 'print', '--json'], {
      cwd: dir,
      env: { GLUEFLOW_HOME: path.join(dir, 'home') },
      keychain: { get: () => undefined, set: () => undefined, delete: () => false },
    });
    fs.rmSync(dir, { recursive: true, force: true });
    expect(result.code).toBe(0);
    expect(result.json()).toMatchObject({
      file: null,
      apiKey: { present: false, source: expect.stringContaining('ITGLUE_API_KEY is not set') },
    });
  });
});

describe('glueflow init', () => {
  it.each(['yaml', 'json', 'mjs'] as const)(
    'writes a %s starter config that loads, with no secret in it',
    async (format) => {
      project = await createProject(null);
      const result = await project.cli(['init', '--yes', '--format', format, '--region', 'eu'], {
        env: noKey,
      });
      expect(result.code).toBe(0);
      const file = { yaml: '.glueflowrc.yaml', json: '.glueflowrc.json', mjs: 'glueflow.config.mjs' }[format];
      expect(result.stdout).toContain(`Wrote ${file}`);
      const text = fs.readFileSync(path.join(project.dir, file), 'utf8');
      if (format !== 'json') expect(text).toContain('{ env: NAME }'); // the header comment
      expect(text).toContain('IMAP_PASSWORD');
      expect(text).not.toMatch(/ITG\./);
      if (format === 'yaml') expect(text).toMatchSnapshot();
      const printed = await project.cli(['config', 'print', '--json'], { env: noKey });
      expect(printed.code).toBe(0);
      expect(printed.json()).toMatchObject({
        instance: { region: 'eu' },
        pipelines: { runbooks: [expect.objectContaining({ step: 'markdown.import' })] },
      });
      // The bundled plugins accept the example pipelines' options.
      const plugins = await project.cli(['plugins', '--json'], { env: noKey });
      expect(plugins.code).toBe(0);
    },
  );

  it('refuses to overwrite an existing config without --force', async () => {
    project = await createProject({ instance: { region: 'us' } });
    const result = await project.cli(['init', '--yes']);
    expect(result.code).toBe(64);
    expect(result.stderr).toContain('a glueflow config already exists here: .glueflowrc.json');
    expect(
      (await project.cli(['init', '--yes', '--format', 'json', '--force', '--examples', 'none'])).code,
    ).toBe(0);
    const written = JSON.parse(fs.readFileSync(path.join(project.dir, '.glueflowrc.json'), 'utf8'));
    expect(written).toMatchObject({ instance: { region: 'us' }, plugins: [], pipelines: {} });
  });

  it('--url and --instance write a named instance; bad --examples is a usage error', async () => {
    project = await createProject(null);
    const result = await project.cli(
      [
        'init',
        '--yes',
        '--format',
        'json',
        '--url',
        'http://127.0.0.1:4100',
        '--instance',
        'sandbox',
        '--examples',
        'psa',
      ],
      { env: noKey },
    );
    expect(result.code).toBe(0);
    const written = JSON.parse(fs.readFileSync(path.join(project.dir, '.glueflowrc.json'), 'utf8'));
    expect(written).toMatchObject({
      instances: { sandbox: { url: 'http://127.0.0.1:4100' } },
      defaultInstance: 'sandbox',
      pipelines: { 'psa-nightly': [{ step: 'psa.sync-organizations' }] },
    });
    expect((await project.cli(['init', '--yes', '--examples', 'crm', '--force'])).code).toBe(64);
  });
});
