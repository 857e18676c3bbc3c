// A user's folder: plain npm, no pnpm, no workspace above it. Glueflow packages come from the packed
// tarballs (`file:` specs for what the folder asks for, npm `overrides` for what those depend on, as the
// registry would serve them); everything else from the npm registry through the shared npm cache.
//
// Native code: npm runs with --ignore-scripts, then every package that has install scripts is rebuilt
// (`npm rebuild <names>`) — except sqlite3, whose compile from source (~80 s, no prebuilt binary is
// reachable) is the only slow part and says nothing about OUR manifests. When npm resolved the same
// sqlite3 version the workspace built, its compiled binding is copied in instead; the tree npm resolved
// is otherwise untouched. GLUEFLOW_REHEARSAL_COMPILE_SQLITE=1 compiles it as a user's install does.
// (Our own packages may have no install scripts at all: check-packages.mjs fails them.)
import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { run } from './exec.mjs';

const NPM_FLAGS = ['--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=warn'];
const INSTALL_SCRIPTS = ['preinstall', 'install', 'postinstall'];

/** Writes `dir/package.json` for a folder that depends on `dependencies`. */
export async function userProject(dir, name, dependencies, overrides) {
  await mkdir(dir, { recursive: true });
  const manifest = { name, private: true, type: 'module', dependencies, overrides };
  await writeFile(path.join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** `file:` specs for every tarball: what a folder's overrides send `@glueflow/*` to. */
export const fileSpecs = (tarballs) =>
  Object.fromEntries([...tarballs].map(([name, file]) => [name, `file:${file}`]));

/** The compiled sqlite3 of the workspace: `{ version, dir }`, or undefined when there is none. */
export async function workspaceSqlite(packages) {
  for (const pkg of packages) {
    try {
      const manifestFile = createRequire(path.join(pkg.dir, 'package.json')).resolve('sqlite3/package.json');
      const { version } = JSON.parse(await readFile(manifestFile, 'utf8'));
      return { version, dir: path.dirname(manifestFile) };
    } catch {
      // this package does not depend on sqlite3
    }
  }
  return undefined;
}

/** Installed packages (hoisted and nested) with install-time scripts: `{ name, version, dir }`. */
async function withInstallScripts(modules) {
  const found = [];
  const entries = await readdir(modules, { withFileTypes: true }).catch(() => []);
  for (const entry of entries.filter((e) => e.isDirectory() && !e.name.startsWith('.'))) {
    const dirs = entry.name.startsWith('@')
      ? (await readdir(path.join(modules, entry.name))).map((n) => path.join(modules, entry.name, n))
      : [path.join(modules, entry.name)];
    for (const dir of dirs) {
      const manifest = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8').catch(() => '{}'));
      if (INSTALL_SCRIPTS.some((script) => manifest.scripts?.[script]) || manifest.gypfile)
        found.push({ name: manifest.name, version: manifest.version, dir });
      found.push(...(await withInstallScripts(path.join(dir, 'node_modules'))));
    }
  }
  return found;
}

/** `npm install` in `dir`, then its native packages as the module comment says. Resolves npm's output. */
export async function npmInstall(log, dir, { env, sqlite }) {
  const { output } = await run(log, 'npm', ['install', ...NPM_FLAGS], { cwd: dir, env });
  const rebuild = [];
  for (const pkg of await withInstallScripts(path.join(dir, 'node_modules'))) {
    const reuse =
      pkg.name === 'sqlite3' &&
      sqlite?.version === pkg.version &&
      !process.env.GLUEFLOW_REHEARSAL_COMPILE_SQLITE;
    if (!reuse) {
      rebuild.push(pkg.name);
      continue;
    }
    const release = path.join('build', 'Release');
    const bindings = (await readdir(path.join(sqlite.dir, release))).filter((f) => f.endsWith('.node'));
    await mkdir(path.join(pkg.dir, release), { recursive: true });
    for (const file of bindings)
      await copyFile(path.join(sqlite.dir, release, file), path.join(pkg.dir, release, file));
    log(`  sqlite3@${pkg.version}: the workspace's compiled binding copied in (not compiled again)`);
  }
  if (rebuild.length > 0) await run(log, 'npm', ['rebuild', ...new Set(rebuild)], { cwd: dir, env });
  return output;
}

/** npm's EBADENGINE warnings, one line each: `p-queue@10.0.0 wants node >=22`. */
export function engineWarnings(npmOutput) {
  const found = new Set();
  const pattern = /package: '([^']+)',\s*npm warn EBADENGINE\s+required: \{ node: '([^']+)'/g;
  for (const match of npmOutput.matchAll(pattern)) found.add(`${match[1]} wants node ${match[2]}`);
  return [...found];
}
