// What a user downloads, read the way npm and Node will read it: each tarball unpacked, then its
// manifest checked (fields, every path exports/main/types/bin name exists, no workspace: range left, no
// tests or fixtures shipped, no install scripts) and every import in its JavaScript checked against the
// dependencies it declares — a package that only works because pnpm links the workspace fails here.
import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { builtinModules, createRequire } from 'node:module';
import path from 'node:path';
import { run } from './exec.mjs';

const BUILTINS = new Set(builtinModules);
const DEPENDENCY_FIELDS = ['dependencies', 'peerDependencies', 'optionalDependencies'];
const INSTALL_SCRIPTS = ['preinstall', 'install', 'postinstall', 'prepare'];
const NOT_SHIPPED = /(^|\/)(__fixtures__\/|[^/]*\.test\.[cm]?[jt]s$|[^/]*\.tsbuildinfo$)/;

/** Unpacks every tarball under `into/<dir>`; resolves `{ name, dir, source }` per package. */
export async function unpackAll(log, packages, tarballs, into) {
  const unpacked = [];
  for (const { name, dir: source } of packages) {
    const file = tarballs.get(name);
    const dir = path.join(into, name.replace('/', '+'));
    await mkdir(dir, { recursive: true });
    await run(log, 'tar', ['-xzf', file, '-C', dir], { quiet: true });
    unpacked.push({ name, dir: path.join(dir, 'package'), source });
  }
  return unpacked;
}

async function filesUnder(dir, prefix = '') {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const relative = prefix + entry.name;
    if (entry.isDirectory()) out.push(...(await filesUnder(path.join(dir, entry.name), `${relative}/`)));
    else out.push(relative);
  }
  return out;
}

const exists = (file) =>
  stat(file).then(
    (info) => info.isFile(),
    () => false,
  );

/** Every path string in an `exports` value (conditions and subpaths, nested). */
function exportTargets(value) {
  if (typeof value === 'string') return [value];
  if (value === null || typeof value !== 'object') return [];
  return Object.values(value).flatMap(exportTargets);
}

/** `lodash/fp` → `lodash`, `@scope/pkg/x` → `@scope/pkg`; undefined for relative, absolute and builtins. */
function packageOf(specifier) {
  if (/^(\.|\/|node:|data:|file:)/.test(specifier) || BUILTINS.has(specifier.split('/')[0])) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/**
 * Checks one unpacked package (`dir`; `source` is its workspace folder); resolves `{ errors, warnings }`
 * (strings naming the file or field).
 * `ts` is the workspace's TypeScript, used only for its import scanner (preProcessFile).
 */
export async function checkPackage(pkg, ts) {
  const errors = [];
  const warnings = [];
  const manifest = JSON.parse(await readFile(path.join(pkg.dir, 'package.json'), 'utf8'));
  const files = await filesUnder(pkg.dir);

  for (const field of ['name', 'version', 'description', 'license'])
    if (!manifest[field]) errors.push(`package.json has no "${field}"`);
  if (!manifest.engines?.node) errors.push('package.json has no engines.node');
  if (manifest.name.startsWith('@') && manifest.publishConfig?.access !== 'public')
    errors.push('scoped package without publishConfig.access "public": npm publish would make it private');
  if (!manifest.repository) warnings.push('no "repository" (npm publish --provenance needs one)');
  if (!files.some((file) => /^readme(\.md)?$/i.test(file))) warnings.push('no README');
  if (!files.some((file) => /^licen[cs]e/i.test(file))) warnings.push('no LICENSE file in the tarball');

  for (const field of DEPENDENCY_FIELDS)
    for (const [name, range] of Object.entries(manifest[field] ?? {}))
      if (/^(workspace|link|file|catalog):/.test(range))
        errors.push(`${field}.${name} is "${range}" in the tarball`);
  for (const script of INSTALL_SCRIPTS)
    if (manifest.scripts?.[script])
      errors.push(`scripts.${script}: users' installs would run it (or block it)`);
  for (const file of files.filter((file) => NOT_SHIPPED.test(file))) errors.push(`ships ${file}`);

  const pointed = [
    ...exportTargets(manifest.exports).map((target) => ['exports', target]),
    ...['main', 'types', 'typings', 'module'].filter((f) => manifest[f]).map((f) => [f, manifest[f]]),
    ...Object.entries(
      typeof manifest.bin === 'string' ? { [manifest.name]: manifest.bin } : (manifest.bin ?? {}),
    ).map(([name, target]) => [`bin.${name}`, target]),
  ];
  for (const [field, target] of pointed) {
    if (target.includes('*')) continue; // subpath patterns: checked through the files they match below
    if (!(await exists(path.join(pkg.dir, target)))) errors.push(`${field} → ${target}: not in the tarball`);
    else if (
      field.startsWith('bin.') &&
      !(await readFile(path.join(pkg.dir, target), 'utf8')).startsWith('#!')
    )
      errors.push(`${field} → ${target}: no #! line`);
  }
  // tsc -b never deletes the output of a source that was moved or removed: it would be published.
  const stale = [];
  for (const file of files.filter((f) => /^dist\/.*\.js$/.test(f))) {
    const source = path.join(pkg.source, file.replace(/^dist\//, 'src/').replace(/\.js$/, ''));
    if (
      !(await exists(`${source}.ts`)) &&
      !(await exists(`${source}.tsx`)) &&
      !(await exists(`${source}.js`))
    )
      stale.push(file);
  }
  if (stale.length > 0)
    errors.push(
      `ships ${stale.length} stale build file(s) without a source, e.g. ${stale.slice(0, 3).join(', ')} — delete its dist/ and build again (tsc -b --clean leaves such files)`,
    );
  if (manifest.exports?.['.'] && typeof manifest.exports['.'] === 'object' && !manifest.exports['.'].types)
    warnings.push('exports["."] has no "types" condition');

  const declared = new Set([
    manifest.name,
    ...DEPENDENCY_FIELDS.flatMap((f) => Object.keys(manifest[f] ?? {})),
  ]);
  const devOnly = new Set(Object.keys(manifest.devDependencies ?? {}));
  const missing = new Map(); // package → first file importing it
  const missingTypes = new Map();
  for (const file of files.filter((f) => /\.(c|m)?js$|\.d\.(c|m)?ts$/.test(f))) {
    const text = await readFile(path.join(pkg.dir, file), 'utf8');
    const { importedFiles } = ts.preProcessFile(text, true, true);
    for (const { fileName } of importedFiles) {
      const name = packageOf(fileName);
      if (!name || declared.has(name)) continue;
      if (file.endsWith('ts')) {
        if (!declared.has(`@types/${name.replace(/^@(.*)\//, '$1__')}`) && !missingTypes.has(name))
          missingTypes.set(name, file);
      } else if (!missing.has(name)) missing.set(name, file);
    }
  }
  for (const [name, file] of missing)
    errors.push(
      `${file} imports "${name}", which is not in dependencies${devOnly.has(name) ? ' (only in devDependencies)' : ''}`,
    );
  for (const [name, file] of missingTypes)
    warnings.push(`${file} refers to "${name}" types that a TypeScript user does not get installed`);
  return { errors, warnings };
}

/** The workspace's TypeScript (a root devDependency), for its import scanner. */
export function loadTypeScript(root) {
  return createRequire(path.join(root, 'package.json'))('typescript');
}
