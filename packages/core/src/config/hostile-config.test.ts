/**
 * Issue 17 (hostile input) against the config loader: files planted by someone else, a YAML alias
 * bomb, and secret-shaped values that must never come back in a problem. The attacker corpus lives
 * in __fixtures__/attacker; files whose owner or mode matters are made here, in temp folders.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { chmod, chown, copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from './config-error.js';
import { loadConfig } from './load-config.js';
import { searchFolders } from './read-file.js';
import { expandsBeyond, maskSecretValues, scanForSecrets } from './secret-scan.js';
import { untrustedFileReason, untrustedFolderReason } from './trust.js';

const ATTACKER = fileURLToPath(new URL('./__fixtures__/attacker/', import.meta.url));
const SECRET = 'S3cr3t-Attacker-Value';
const POSIX = process.platform !== 'win32';
const ROOT = POSIX && process.getuid?.() === 0;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'glueflow-hostile-'));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

const load = (extra: Partial<Parameters<typeof loadConfig>[0]> = {}) =>
  loadConfig({ cwd: dir, env: { HOME: dir }, ...extra });

async function problemsOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}

describe('the search for a config file', () => {
  it('stops at the git root, the project root or the home folder', async () => {
    const repo = path.join(dir, 'home', 'me', 'repo');
    await mkdir(path.join(repo, '.git'), { recursive: true });
    await mkdir(path.join(repo, 'docs', 'deep'), { recursive: true });
    expect(await searchFolders(path.join(repo, 'docs', 'deep'), path.join(dir, 'home', 'me'))).toEqual([
      path.join(repo, 'docs', 'deep'),
      path.join(repo, 'docs'),
      repo,
    ]);
    const loose = path.join(dir, 'home', 'me', 'notes', 'a');
    await mkdir(loose, { recursive: true });
    expect(await searchFolders(loose, path.join(dir, 'home', 'me'))).toEqual([
      loose,
      path.join(dir, 'home', 'me', 'notes'),
      path.join(dir, 'home', 'me'),
    ]);
  });

  it('outside any project, git repository or home folder, looks in the current folder only', async () => {
    // /tmp/.glueflowrc.mjs or /.glueflowrc.mjs, planted by anyone, is never reached from below.
    await copyFile(path.join(ATTACKER, 'planted.mjs'), path.join(dir, '.glueflowrc.mjs'));
    const cwd = path.join(dir, 'work', 'job');
    await mkdir(cwd, { recursive: true });
    const config = await load({ cwd, env: { HOME: path.join(dir, 'elsewhere') } });
    expect(config.filepath).toBeNull();
    expect((globalThis as Record<string, unknown>).__glueflowPlantedConfigRan).toBeUndefined();
    expect(await searchFolders(cwd, path.join(dir, 'elsewhere'))).toEqual([cwd]);
  });

  it('never reads a `.config/config.mjs` meta config from the folder it runs in', async () => {
    await mkdir(path.join(dir, '.config'));
    await writeFile(
      path.join(dir, '.config', 'config.mjs'),
      'globalThis.__glueflowMetaConfigRan = true; export default { glueflow: { instance: { region: "au" } } };',
    );
    await writeFile(path.join(dir, 'package.json'), '{"name":"fixture"}');
    const previous = process.cwd();
    process.chdir(dir); // cosmiconfig's explorer read it from process.cwd(), not the cwd option
    try {
      const config = await load();
      expect(config.instance.region).toBe('us');
    } finally {
      process.chdir(previous);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((globalThis as Record<string, unknown>).__glueflowMetaConfigRan).toBeUndefined();
  });

  it('`$import` is an unknown key, not a way to load another file', async () => {
    await copyFile(path.join(ATTACKER, 'planted.mjs'), path.join(dir, 'evil.mjs'));
    await writeFile(path.join(dir, '.glueflowrc.json'), JSON.stringify({ $import: './evil.mjs' }));
    const error = await problemsOf(load());
    expect(error.problems).toEqual([expect.objectContaining({ place: '$import', reason: 'unknown key' })]);
    expect((globalThis as Record<string, unknown>).__glueflowPlantedConfigRan).toBeUndefined();
  });
});

describe('config files someone else could have written are refused', () => {
  const me = { uid: 1000, gid: 1000, platform: 'linux' as const };

  it('decides on owner and mode (root-owned files are trusted, Windows is not checked)', () => {
    expect(untrustedFileReason({ uid: 1000, gid: 1000, mode: 0o100644 }, me)).toBeNull();
    expect(untrustedFileReason({ uid: 0, gid: 0, mode: 0o100644 }, me)).toBeNull();
    expect(untrustedFileReason({ uid: 1001, gid: 1001, mode: 0o100644 }, me)).toMatch(/another user/);
    expect(untrustedFileReason({ uid: 1000, gid: 1000, mode: 0o100666 }, me)).toMatch(/every user/);
    // umask 002 with a private group (uid = gid, Debian/Ubuntu) is fine; a shared group is not.
    expect(untrustedFileReason({ uid: 1000, gid: 1000, mode: 0o100664 }, me)).toBeNull();
    expect(untrustedFileReason({ uid: 1000, gid: 50, mode: 0o100664 }, me)).toMatch(/group/);
    expect(
      untrustedFileReason({ uid: 1001, gid: 1001, mode: 0o100666 }, { ...me, platform: 'win32' }),
    ).toBeNull();
    expect(untrustedFolderReason({ uid: 0, gid: 0, mode: 0o41777 }, me)).toBeNull(); // /tmp: sticky
    expect(untrustedFolderReason({ uid: 1000, gid: 1000, mode: 0o40777 }, me)).toMatch(/folder/);
  });

  it.each(['.glueflowrc.mjs', '.glueflowrc.yaml'])(
    'a %s writable by every user is not read (nor run)',
    async (name) => {
      if (!POSIX) return;
      const file = path.join(dir, name);
      if (name.endsWith('.mjs')) await copyFile(path.join(ATTACKER, 'planted.mjs'), file);
      else await writeFile(file, 'instance: { region: au }\n');
      await chmod(file, 0o666);
      const error = await problemsOf(load());
      expect(error.problems).toEqual([
        expect.objectContaining({
          item: file,
          reason: 'refusing to read this config: every user can write it',
          hint: expect.stringContaining('chmod go-w'),
        }),
      ]);
      expect((globalThis as Record<string, unknown>).__glueflowPlantedConfigRan).toBeUndefined();
    },
  );

  it('an `extends` target writable by every user is not run', async () => {
    if (!POSIX) return;
    await copyFile(path.join(ATTACKER, 'planted.mjs'), path.join(dir, 'base.mjs'));
    await chmod(path.join(dir, 'base.mjs'), 0o666);
    await writeFile(path.join(dir, '.glueflowrc.yaml'), 'extends: ./base.mjs\n');
    const error = await problemsOf(load());
    expect(error.problems).toEqual([
      expect.objectContaining({
        item: path.join(dir, 'base.mjs'),
        reason: expect.stringMatching(/^refusing/),
      }),
    ]);
    expect((globalThis as Record<string, unknown>).__glueflowPlantedConfigRan).toBeUndefined();
  });

  (ROOT ? it : it.skip)('a config owned by another user is not run (as root: chown)', async () => {
    const file = path.join(dir, '.glueflowrc.mjs');
    await copyFile(path.join(ATTACKER, 'planted.mjs'), file);
    await chown(file, 65534, 65534);
    const error = await problemsOf(load());
    expect(error.problems[0]!.reason).toBe(
      'refusing to read this config: it is owned by another user (uid 65534)',
    );
    expect((globalThis as Record<string, unknown>).__glueflowPlantedConfigRan).toBeUndefined();
  });
});

describe('a YAML alias bomb', () => {
  it('is refused quickly as too many aliases, not expanded', async () => {
    await copyFile(path.join(ATTACKER, 'alias-bomb.yaml'), path.join(dir, '.glueflowrc.yaml'));
    const error = await problemsOf(load());
    expect(error.problems).toEqual([
      expect.objectContaining({ reason: 'cannot read config: more than 100 YAML aliases expanded' }),
    ]);
  });

  it('a few aliases stay allowed (shared options, merge keys)', async () => {
    await writeFile(
      path.join(dir, '.glueflowrc.yaml'),
      [
        'instances:',
        '  prod: &eu { region: eu }',
        '  staging: { <<: *eu, url: "http://127.0.0.1:4100" }',
        'defaultInstance: staging',
      ].join('\n'),
    );
    expect((await load()).instance).toEqual({ region: 'eu', url: 'http://127.0.0.1:4100' });
  });

  it('the secret scan visits a shared node once: an exponential graph is linear work', () => {
    let node: Record<string, unknown> = { password: SECRET };
    for (let level = 0; level < 60; level++) node = { left: node, right: node }; // 2^60 paths
    const scan = scanForSecrets({ plugins: [['x', node]] });
    expect(scan.exhausted).toBe(false);
    expect(scan.findings).toHaveLength(1);
    expect(expandsBeyond(node)).toBe(true); // and it is too large to check against the schema
  });

  it('a JavaScript config that expands (or cycles) beyond any real config is refused', async () => {
    await writeFile(
      path.join(dir, 'glueflow.config.mjs'),
      'let n = { a: 1 }; for (let i = 0; i < 60; i++) n = { l: n, r: n }; export default { pipelines: { p: [{ step: "x", with: n }] } };',
    );
    const error = await problemsOf(load());
    expect(error.problems[0]!.reason).toMatch(/^config too large/);
  });
});

describe('secret-shaped values in a config file', () => {
  it('are config errors naming file, key path and expected shape — never the value', async () => {
    await copyFile(path.join(ATTACKER, 'secret-shapes.yaml'), path.join(dir, '.glueflowrc.yaml'));
    const error = await problemsOf(load());
    const report = `${error.message}\n${JSON.stringify(error.problems)}`;
    for (const leak of [SECRET, '736563726574', 'second']) expect(report).not.toContain(leak);
    const byPath = Object.fromEntries(error.problems.map((p) => [p.place, p]));
    expect(byPath).toMatchObject({
      'instance.url': { reason: 'credentials in a URL', actual: '"https://…@api.eu.itglue.com"' },
      'plugins[0][1].connection.site': { reason: 'credentials in a URL' },
      'plugins[0][1].connection.privateKey': {
        reason: 'a reference takes only env or keychain, no value',
        actual: 'an object with keys env, default (values not shown)',
      },
      'plugins[0][1].connection.clientSecret': {
        reason: 'a reference takes only env or keychain, no value',
      },
      'plugins[0][1].connection.apiKey': {
        reason: 'literal secret in config',
        actual: 'a number (value not shown)',
      },
      'plugins[0][1].connection.token': { reason: 'a secret takes one reference, not a list' },
      'pipelines.nightly[0].with.password': { reason: 'literal secret in config' },
    });
    for (const problem of error.problems) expect(problem.item).toBe(path.join(dir, '.glueflowrc.yaml'));
  });

  it.each([
    ['.glueflowrc.json', `{\n  "pipelines": {},\n  "password": ${SECRET}\n}`],
    ['.glueflowrc.json', `{\n  "password": "${SECRET}",\n}`],
    ['.glueflowrc.yaml', `instance:\n  region: eu\n password: "${SECRET}\n`],
  ])('a syntax error in %s points at the place without quoting the file', async (name, text) => {
    await writeFile(path.join(dir, name), text);
    const error = await problemsOf(load());
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]!.reason).toMatch(/^cannot read config/);
    expect(JSON.stringify(error.problems) + error.message).not.toContain(SECRET);
  });

  it('masking for print keeps references readable and hides everything else under a secret key', async () => {
    const text = await readFile(path.join(ATTACKER, 'secret-shapes.yaml'), 'utf8');
    const { parse } = await import('yaml');
    const masked = JSON.stringify(maskSecretValues(parse(text)));
    expect(masked).not.toContain(SECRET);
    expect(masked).not.toContain('736563726574');
    expect(maskSecretValues({ privateKey: { env: 'CW_PRIVATE' }, pin: 1234, token: 42 })).toEqual({
      privateKey: { env: 'CW_PRIVATE' },
      pin: 1234,
      token: '[REDACTED]',
    });
  });
});
