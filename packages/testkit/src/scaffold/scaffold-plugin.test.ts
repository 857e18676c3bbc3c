/** What `scaffoldPlugin` writes and refuses; scaffold-build.test.ts builds and runs the result. */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { scaffoldPlugin } from './scaffold-plugin.js';
import { TEMPLATE_FILES } from './templates.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'glueflow-scaffold-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const readJson = async (file: string) => JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;

describe('scaffoldPlugin', () => {
  it('writes a package in the house shape with the names filled in', async () => {
    const dir = path.join(root, 'plugins', 'acme-notes');
    const result = await scaffoldPlugin({ name: 'acme-notes', dir, coreVersion: '1.4.0' });
    expect(result.dir).toBe(dir);
    expect(result.files).toEqual([
      '.gitignore',
      'README.md',
      'jest.config.js',
      'package.json',
      'src/index.test.ts',
      'src/index.ts',
      'tsconfig.json',
    ]);
    expect(result.files.length).toBe(Object.keys(TEMPLATE_FILES).length + 1);

    const manifest = await readJson(path.join(dir, 'package.json'));
    expect(manifest).toMatchObject({
      name: 'glueflow-plugin-acme-notes',
      type: 'module',
      exports: { '.': { types: './dist/index.d.ts', import: './dist/index.js' } },
      peerDependencies: { '@glueflow/core': '^1.4.0' },
      devDependencies: expect.objectContaining({ '@glueflow/core': '^1.4.0', '@glueflow/testkit': '^0.1.0' }),
      scripts: expect.objectContaining({ build: expect.any(String), test: expect.any(String) }),
    });
    expect(manifest.dependencies).not.toHaveProperty('@glueflow/core');
    expect(manifest).not.toHaveProperty('publishConfig');

    const source = await readFile(path.join(dir, 'src', 'index.ts'), 'utf8');
    expect(source).toContain("export const PLUGIN_NAME = 'glueflow-plugin-acme-notes';");
    expect(source).toContain("export const UPSERT_CONTACTS = 'acme-notes.upsert-contacts';");
    expect(source).toContain('EACME_NOTES_UNKNOWN_ORGANIZATION');
    expect(source).toContain('definePlugin(');
    expect(source).toContain('onOrganizationUpdated.tap(');
    const readme = await readFile(path.join(dir, 'README.md'), 'utf8');
    for (const heading of [
      '## When to use it',
      '## Install',
      '## Use',
      '## Options',
      '## Events',
      '## Errors',
    ])
      expect(readme).toContain(heading);
    expect(readme).toContain('[acme-notes, { organization: Acme Corp }]');
    for (const file of result.files)
      expect(await readFile(path.join(dir, file), 'utf8')).not.toMatch(/\{\{\w+\}\}/);
  });

  it('names a scoped plugin @scope/glueflow-plugin-<x> and makes it publishable', async () => {
    const dir = path.join(root, 'teams');
    await scaffoldPlugin({ name: '@acme/teams', dir });
    const manifest = await readJson(path.join(dir, 'package.json'));
    expect(manifest).toMatchObject({
      name: '@acme/glueflow-plugin-teams',
      publishConfig: { access: 'public' },
    });
    expect(await readFile(path.join(dir, 'README.md'), 'utf8')).toContain('[@acme/teams, {');
    expect(await readFile(path.join(dir, 'src', 'index.ts'), 'utf8')).toContain("'teams.upsert-contacts'");
  });

  it('uses an existing empty folder', async () => {
    const dir = path.join(root, 'empty');
    await mkdir(dir);
    const result = await scaffoldPlugin({ name: 'teams', dir });
    expect((await readdir(dir)).sort()).toEqual([
      '.gitignore',
      'README.md',
      'jest.config.js',
      'package.json',
      'src',
      'tsconfig.json',
    ]);
    expect(result.files).toContain('src/index.ts');
  });

  it('refuses a non-empty folder and leaves it untouched', async () => {
    const dir = path.join(root, 'taken');
    await mkdir(dir);
    await writeFile(path.join(dir, 'notes.txt'), 'mine');
    await expect(scaffoldPlugin({ name: 'teams', dir })).rejects.toMatchObject({
      code: 'ESCAFFOLD_DIR',
      message: `${dir} is not empty (1 entry); nothing was written`,
      hint: expect.stringContaining('--dir'),
    });
    expect(await readdir(dir)).toEqual(['notes.txt']);
    expect(await readFile(path.join(dir, 'notes.txt'), 'utf8')).toBe('mine');
  });

  it('refuses a file in place of the folder', async () => {
    const file = path.join(root, 'plugin');
    await writeFile(file, '');
    await expect(scaffoldPlugin({ name: 'teams', dir: file })).rejects.toMatchObject({
      code: 'ESCAFFOLD_DIR',
      message: `${file} exists and is not a folder`,
    });
  });

  it('refuses a bad name or core version before touching the disk', async () => {
    const dir = path.join(root, 'never');
    await expect(scaffoldPlugin({ name: 'Bad Name', dir })).rejects.toMatchObject({ code: 'ESCAFFOLD_NAME' });
    await expect(scaffoldPlugin({ name: 'fine', dir, coreVersion: 'latest' })).rejects.toMatchObject({
      code: 'ESCAFFOLD_VERSION',
      where: 'coreVersion',
    });
    expect(await readdir(root)).toEqual([]);
  });

  it('reports a location it cannot write to as ESCAFFOLD_IO and leaves nothing behind', async () => {
    await writeFile(path.join(root, 'a-file'), '');
    await expect(
      scaffoldPlugin({ name: 'teams', dir: path.join(root, 'a-file', 'plugin') }),
    ).rejects.toMatchObject({ code: 'ESCAFFOLD_IO', message: expect.stringContaining('ENOTDIR') });
    expect(await readdir(root)).toEqual(['a-file']);
  });
});
