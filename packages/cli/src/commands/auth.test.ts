/** `glueflow auth set|test|remove`: the key goes through stdin into the keychain, never through argv. */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from '@jest/globals';
import { createProject } from '../__fixtures__/cli-harness.js';
import type { Project } from '../__fixtures__/cli-harness.js';
import { memoryKeychain } from '../session/keychain.js';

let project: Project | undefined;
afterEach(async () => {
  await project?.close();
  project = undefined;
});

const noEnvKey = { ITGLUE_API_KEY: undefined };

describe('glueflow auth', () => {
  it('set stores the key read from stdin; test uses it from the keychain; remove deletes it', async () => {
    project = await createProject(null);
    const keychain = memoryKeychain();
    const set = await project.cli(['auth', 'set'], { env: noEnvKey, keychain, stdin: 'ITG.emulator\n' });
    expect(set.code).toBe(0);
    expect(set.stdout).toContain(
      'Stored the API key of instance "default" in the OS keychain (service glueflow, account default)',
    );
    expect(keychain.get('default')).toBe('ITG.emulator');
    expect(set.stdout + set.stderr).not.toContain('ITG.emulator');

    const test = await project.cli(['auth', 'test', '--json'], { env: noEnvKey, keychain });
    expect(test.code).toBe(0);
    expect(test.json()).toMatchObject({ instance: 'default', keySource: 'keychain', valid: true });

    const removed = await project.cli(['auth', 'remove'], { keychain });
    expect(removed.code).toBe(0);
    expect(removed.stdout).toContain('Removed glueflow/default');
    expect(keychain.get('default')).toBeUndefined();
    const again = await project.cli(['auth', 'remove'], { keychain });
    expect(again.stdout).toContain('Nothing to remove');

    const gone = await project.cli(['auth', 'test'], { env: noEnvKey, keychain });
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain('EITGLUE_NO_API_KEY');
  });

  it('--instance picks the keychain account; --secret stores a step secret', async () => {
    project = await createProject(null);
    const keychain = memoryKeychain();
    expect(
      (await project.cli(['auth', 'set', '--instance', 'prod'], { keychain, stdin: 'ITG.prod-key' })).code,
    ).toBe(0);
    expect(keychain.get('prod')).toBe('ITG.prod-key');
    const secret = await project.cli(['auth', 'set', '--secret', 'cw-private'], {
      keychain,
      stdin: 's3cr3t',
    });
    expect(secret.code).toBe(0);
    expect(secret.stdout).toContain('{ keychain: "cw-private" }');
    expect(keychain.get('cw-private')).toBe('s3cr3t');
  });

  it('auth test exits 1 when IT Glue refuses the key, with the hint', async () => {
    project = await createProject(null);
    const result = await project.cli(['auth', 'test'], { env: { ITGLUE_API_KEY: 'ITG.revoked-key' } });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('did not work');
    expect(result.stdout).toContain('revoked because it went unused for 90 days');
    expect(result.stdout).not.toContain('ITG.revoked-key');
  });

  it('an empty or missing secret is a usage error (64)', async () => {
    project = await createProject(null);
    const keychain = memoryKeychain();
    expect((await project.cli(['auth', 'set'], { keychain, stdin: '  \n' })).code).toBe(64);
    expect((await project.cli(['auth', 'set'], { keychain })).code).toBe(64);
    // There is no way to pass the key as an argument.
    expect((await project.cli(['auth', 'set', 'ITG.in-argv'], { keychain })).code).toBe(64);
  });

  it('with the OS keychain: works where one exists, otherwise says so and points to ITGLUE_API_KEY', async () => {
    project = await createProject(null);
    const instance = `glueflow-test-${randomUUID().slice(0, 8)}`;
    const set = await project.cli(['auth', 'set', '--instance', instance], { stdin: 'ITG.emulator' });
    if (set.code === 0) {
      const test = await project.cli(['auth', 'test', '--instance', instance], { env: noEnvKey });
      expect({ code: test.code, stderr: test.stderr }).toEqual({ code: 0, stderr: '' });
      expect((await project.cli(['auth', 'remove', '--instance', instance])).code).toBe(0);
    } else {
      expect(set.code).toBe(1);
      expect(set.stderr).toContain('no OS keychain is available here');
      expect(set.stderr).toContain('export ITGLUE_API_KEY');
    }
  });
});
