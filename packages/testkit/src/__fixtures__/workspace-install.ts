/**
 * Test support for the scaffold: "npm install" a scaffolded package from this workspace, offline — every
 * dependency its package.json names is symlinked to the copy this repository builds and tests with
 * (`@glueflow/*` to the workspace packages). A dependency the workspace lacks fails loudly: the
 * scaffold's package.json must only name things that exist.
 */
import { access, mkdir, readFile, realpath, symlink } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is packages/testkit/src/__fixtures__/). */
export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

const SEARCHED = ['', 'packages/testkit', 'packages/core'].map((dir) =>
  path.join(REPO_ROOT, dir, 'node_modules'),
);

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

async function locate(name: string): Promise<string | undefined> {
  if (name.startsWith('@glueflow/')) {
    const dir = path.join(REPO_ROOT, 'packages', name.slice('@glueflow/'.length));
    return (await exists(path.join(dir, 'package.json'))) ? dir : undefined;
  }
  for (const modules of SEARCHED) {
    const dir = path.join(modules, name);
    if (await exists(path.join(dir, 'package.json'))) return realpath(dir);
  }
  return undefined;
}

export async function installFromWorkspace(packageDir: string): Promise<string[]> {
  const manifest = JSON.parse(await readFile(path.join(packageDir, 'package.json'), 'utf8')) as Record<
    string,
    Record<string, string> | undefined
  >;
  const names = [
    ...new Set(
      ['dependencies', 'devDependencies', 'peerDependencies'].flatMap((key) =>
        Object.keys(manifest[key] ?? {}),
      ),
    ),
  ].sort();
  const missing: string[] = [];
  for (const name of names) {
    const target = await locate(name);
    if (!target) {
      missing.push(name);
      continue;
    }
    const link = path.join(packageDir, 'node_modules', name);
    await mkdir(path.dirname(link), { recursive: true });
    await symlink(target, link, 'dir');
  }
  if (missing.length > 0) throw new Error(`not in this workspace: ${missing.join(', ')}`);
  return names;
}

/** Workspace packages by source, as the repository's jest and the scaffold type-check see them. */
export const WORKSPACE_SOURCES = path.join(REPO_ROOT, 'packages', '*', 'src', 'index.ts');
