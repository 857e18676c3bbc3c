/**
 * `scaffoldPlugin({ fromTarballs })` (`glueflow plugin new --from-tarballs`): @glueflow/* from packed
 * tarballs. The release rehearsal (scripts/release/rehearse.mjs) installs and tests such a plugin with
 * npm for real; these tests pin the manifest and the refusals.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { manifestFromTarball, readLocalTarballs } from './local-tarballs.js';
import { scaffoldPlugin } from './scaffold-plugin.js';

const run = promisify(execFile);

let root: string;
let packed: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'glueflow-scaffold-tgz-'));
  packed = path.join(root, 'packed');
  await mkdir(packed);
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** An npm-style tarball (`package/package.json`), made with the system tar like `npm pack` lays it out. */
async function tarball(file: string, manifest: Record<string, unknown>): Promise<string> {
  const staging = await mkdtemp(path.join(root, 'staging-'));
  await mkdir(path.join(staging, 'package', 'dist'), { recursive: true });
  await writeFile(path.join(staging, 'package', 'dist', 'index.js'), 'export {};\n');
  await writeFile(path.join(staging, 'package', 'package.json'), JSON.stringify(manifest));
  const target = path.join(packed, file);
  await run('tar', ['-czf', target, '-C', staging, 'package']);
  return target;
}

const glueflow = (short: string, dependencies: Record<string, string> = {}) =>
  tarball(`glueflow-${short}-0.3.0.tgz`, { name: `@glueflow/${short}`, version: '0.3.0', dependencies });

async function packAll(): Promise<void> {
  await glueflow('itglue', { axios: '^1.0.0' });
  await glueflow('core', { '@glueflow/itglue': '^0.3.0', zod: '^4.0.0' });
  await glueflow('emulator');
  await glueflow('testkit', { '@glueflow/emulator': '^0.3.0' });
  await glueflow('cli', { '@glueflow/core': '^0.3.0', '@glueflow/testkit': '^0.3.0' });
  await tarball('left-pad-1.3.0.tgz', { name: 'left-pad', version: '1.3.0' });
}

describe('scaffoldPlugin({ fromTarballs })', () => {
  it('points @glueflow/* at the tarballs: devDependencies and npm overrides, relative to the plugin', async () => {
    await packAll();
    const dir = path.join(root, 'plugins', 'acme-notes');
    await scaffoldPlugin({ name: 'acme-notes', dir, fromTarballs: packed });
    const manifest = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as Record<
      string,
      Record<string, string>
    >;
    const spec = (short: string) => `file:../../packed/glueflow-${short}-0.3.0.tgz`;
    expect(manifest.devDependencies).toMatchObject({
      '@glueflow/core': spec('core'),
      '@glueflow/testkit': spec('testkit'),
      jest: expect.any(String),
    });
    // npm wants an override of a direct dependency to equal its spec: same strings.
    expect(manifest.overrides).toEqual({
      '@glueflow/cli': spec('cli'),
      '@glueflow/core': spec('core'),
      '@glueflow/emulator': spec('emulator'),
      '@glueflow/itglue': spec('itglue'),
      '@glueflow/testkit': spec('testkit'),
    });
    // The peer range follows the packed core, not this testkit's own version.
    expect(manifest.peerDependencies).toEqual({ '@glueflow/core': '^0.3.0' });
  });

  it('without the option the registry is used: ranges, no overrides', async () => {
    const dir = path.join(root, 'plain');
    await scaffoldPlugin({ name: 'acme-notes', dir, coreVersion: '1.4.0' });
    const manifest = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(manifest).not.toHaveProperty('overrides');
    expect(manifest.devDependencies).toMatchObject({ '@glueflow/core': '^1.4.0' });
  });

  it('refuses a folder that lacks a package the plugin needs, naming what needs it, and writes nothing', async () => {
    await glueflow('core');
    await glueflow('testkit', { '@glueflow/emulator': '^0.3.0' });
    const dir = path.join(root, 'never');
    await expect(scaffoldPlugin({ name: 'teams', dir, fromTarballs: packed })).rejects.toMatchObject({
      code: 'ESCAFFOLD_TARBALLS',
      message: `${packed} has no tarball for @glueflow/emulator (needed by @glueflow/testkit)`,
      hint: expect.stringContaining('pnpm -r pack --pack-destination'),
    });
    await expect(
      scaffoldPlugin({ name: 'teams', dir, fromTarballs: path.join(root, 'nowhere') }),
    ).rejects.toMatchObject({ code: 'ESCAFFOLD_TARBALLS', message: expect.stringContaining('ENOENT') });
    expect(await readdir(root)).not.toContain('never');
  });

  it('refuses two tarballs of one package', async () => {
    await packAll();
    await tarball('glueflow-core-0.2.0.tgz', { name: '@glueflow/core', version: '0.2.0' });
    await expect(readLocalTarballs(packed)).rejects.toMatchObject({
      code: 'ESCAFFOLD_TARBALLS',
      message: expect.stringContaining('holds @glueflow/core twice'),
    });
  });
});

describe('manifestFromTarball', () => {
  it('finds package/package.json after other entries, and after a long (GNU or pax) name', async () => {
    const staging = await mkdtemp(path.join(root, 'long-'));
    const deep = path.join(staging, 'package', 'dist', 'a'.repeat(90), 'b'.repeat(90));
    await mkdir(deep, { recursive: true });
    await writeFile(path.join(deep, 'index.js'), 'export {};\n');
    await writeFile(path.join(staging, 'package', 'package.json'), '{"name":"x","version":"1.0.0"}');
    for (const format of ['gnu', 'pax']) {
      const file = path.join(root, `${format}.tgz`);
      const members = [path.relative(staging, path.join(deep, 'index.js')), 'package/package.json'];
      await run('tar', [`--format=${format}`, '-czf', file, '-C', staging, ...members]);
      expect(manifestFromTarball(await readFile(file))).toEqual({ name: 'x', version: '1.0.0' });
    }
  });

  it('answers undefined for a tarball without one', async () => {
    const staging = await mkdtemp(path.join(root, 'empty-'));
    await writeFile(path.join(staging, 'README.md'), 'hi');
    const file = path.join(root, 'no-manifest.tgz');
    await run('tar', ['-czf', file, '-C', staging, 'README.md']);
    expect(manifestFromTarball(await readFile(file))).toBeUndefined();
  });
});
