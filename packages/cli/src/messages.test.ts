/**
 * Issue 18 "messages that help": what the CLI says about a wrong config, a missing plugin, a missing
 * key or secret — in-process through `run()`, against a real emulator, on real files.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { createProject } from './__fixtures__/cli-harness.js';
import type { Project } from './__fixtures__/cli-harness.js';
import type { KeychainStore } from './session/keychain.js';
import { KeychainUnavailableError } from './session/keychain.js';

let project: Project | undefined;
afterEach(async () => {
  await project?.close();
  project = undefined;
});

const noKey = { ITGLUE_API_KEY: undefined, ITGLUE_API_URL: undefined };

describe('config problems (issue 18.9)', () => {
  it('a missing step option is a missing key; a misspelt one gets a did-you-mean and its line', async () => {
    project = await createProject(null);
    project.write(
      '.glueflowrc.yaml',
      [
        'plugins: [markdown]',
        'pipelines:',
        '  runbooks:',
        '    - step: markdown.import',
        '      with:',
        '        fils: docs/**/*.md',
        '        organization: Acme Corp',
        '',
      ].join('\n'),
    );
    const result = await project.cli(['plugins'], { env: noKey });
    expect(result.code).toBe(78);
    const file = `${project.dir}/.glueflowrc.yaml`;
    expect(result.stderr).toContain(
      `${file}:5: pipelines.runbooks[0].with.files: required key \`files\` is missing`,
    );
    expect(result.stderr).toContain(
      `${file}:6: pipelines.runbooks[0].with.fils: unknown key (did you mean \`files\`?)`,
    );
    expect(result.stderr).not.toMatch(/accepted shapes|found: {2,}nothing/);
  });
});

/** A machine without a keychain backend (headless Linux, containers, CI). */
const noKeychain: KeychainStore = {
  get: () => {
    throw new KeychainUnavailableError("Couldn't access platform storage");
  },
  set: () => undefined,
  delete: () => false,
};

describe('hints that lead somewhere (issue 18.10)', () => {
  it('a misspelt plugin name suggests the nearest installed plugin, not `npm install` of nothing', async () => {
    project = await createProject({ plugins: ['markdwon'], pipelines: {} });
    const result = await project.cli(['plugins'], { env: noKey });
    expect(result.code).toBe(78);
    expect(result.stderr).toContain('cannot find plugin "markdwon"');
    expect(result.stderr).toMatch(/hint: +did you mean "markdown"\? \(installed: .*email.*markdown.*psa/);
    expect(result.stderr).not.toContain('npm install');
  });

  it('a local plugin whose package.json points at an unbuilt dist file says to run its build', async () => {
    project = await createProject({ plugins: ['./plugins/teams-notify'], pipelines: {} });
    project.write(
      'plugins/teams-notify/package.json',
      JSON.stringify({
        name: 'glueflow-plugin-teams-notify',
        type: 'module',
        exports: './dist/index.js',
        scripts: { build: 'tsc' },
      }),
    );
    const result = await project.cli(['plugins'], { env: noKey });
    expect(result.code).toBe(78);
    expect(result.stderr).toContain(
      'plugin "./plugins/teams-notify" is not built: dist/index.js does not exist',
    );
    expect(result.stderr).toContain(
      `run its build: \`npm run build\` in ${project.dir}/plugins/teams-notify`,
    );
    expect(result.stderr).not.toContain('threw while importing');
  });

  it('no key on a headless machine: export ITGLUE_API_KEY, not the keychain or createITGlueClient()', async () => {
    project = await createProject({ pipelines: {} });
    const result = await project.cli(['health'], {
      env: { ITGLUE_API_KEY: undefined },
      keychain: noKeychain,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('EITGLUE_NO_API_KEY');
    expect(result.stderr).toMatch(/hint: +export ITGLUE_API_KEY=ITG\.… \(this machine has no OS keychain/);
    expect(result.stderr).not.toMatch(/glueflow auth set|createITGlueClient/);
  });

  it('auth test against a server that is not there blames the server, and names the emulator on loopback', async () => {
    project = await createProject(null);
    const url = project.emulator.url;
    await project.emulator.stop();
    const result = await project.cli(['auth', 'test']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      `Could not check the API key of instance "default": ${url} did not answer.`,
    );
    expect(result.stdout).toContain('is `glueflow emulator` running?');
    expect(result.stdout).not.toContain('did not work');
  });

  it('a pipeline asked for where no config file exists says so, and how to make one', async () => {
    project = await createProject(null);
    const result = await project.cli(['run', 'nightly']);
    expect(result.code).toBe(78);
    expect(result.stderr).toContain('no pipeline named "nightly": there is no config file');
    expect(result.stderr).toContain('`glueflow init`');
    expect(result.stderr).not.toContain('has no `pipelines:` yet');
  });

  it('every missing { env } secret of the pipeline is reported in one go, before the run', async () => {
    project = await createProject({
      plugins: [
        [
          'psa',
          {
            provider: 'connectwise',
            connection: {
              url: 'https://api-na.myconnectwise.net/v4_6_release/apis/3.0',
              companyId: 'acme',
              publicKey: { env: 'CW_PUBLIC_KEY' },
              privateKey: { env: 'CW_PRIVATE_KEY' },
              clientId: { env: 'CW_CLIENT_ID' },
            },
          },
        ],
      ],
      pipelines: { nightly: [{ step: 'psa.sync-organizations' }] },
    });
    const result = await project.cli(['run', 'nightly'], { env: { CW_CLIENT_ID: 'set' } });
    expect(result.code).toBe(78);
    expect(result.stderr).toContain('2 config problems');
    expect(result.stderr).toContain(
      'plugins[0][1].connection.publicKey: { env: CW_PUBLIC_KEY }: environment variable CW_PUBLIC_KEY is not set',
    );
    expect(result.stderr).toContain(
      'plugins[0][1].connection.privateKey: { env: CW_PRIVATE_KEY }: environment variable CW_PRIVATE_KEY is not set',
    );
    expect(project.emulator.admin.stats().writesApplied).toBe(0);
  });
});
