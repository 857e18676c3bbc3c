// The workspace side of the rehearsal: which packages are published (every non-private one pnpm
// knows, nothing listed by hand) and their tarballs, packed by pnpm exactly as `pnpm publish` would
// (workspace: ranges rewritten to versions, `files` applied).
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { RehearsalError, run } from './exec.mjs';

/**
 * The pnpm the README's commands use (the root's packageManager version): the one running `pnpm test`
 * when that is it (npx costs seconds per call), else `npx --yes pnpm@<version>`.
 */
export async function pnpmCommand(root) {
  const manifest = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8'));
  const pinned = /^pnpm@(\d[^+]*)/.exec(manifest.packageManager ?? '')?.[1];
  if (!pinned) throw new RehearsalError('the root package.json names no pnpm version in packageManager');
  const running = process.env.npm_execpath ?? '';
  if (/pnpm\.c?js$/.test(running) && process.env.npm_config_user_agent?.startsWith(`pnpm/${pinned} `))
    return [process.execPath, [running]];
  return ['npx', ['--yes', `pnpm@${pinned}`]];
}

/** Every workspace package that is not private: `{ name, version, dir }`. */
export async function publishablePackages(log, root) {
  const [npx, prefix] = await pnpmCommand(root);
  const { stdout } = await run(log, npx, [...prefix, 'ls', '-r', '--depth', '-1', '--json'], {
    cwd: root,
    quiet: true,
  });
  const all = JSON.parse(stdout);
  const skipped = all.filter((pkg) => pkg.private && pkg.path !== root).map((pkg) => pkg.name);
  if (skipped.length > 0) log(`  not published (private): ${skipped.join(', ')}`);
  return all
    .filter((pkg) => !pkg.private)
    .map((pkg) => ({ name: pkg.name, version: pkg.version, dir: pkg.path }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Packs `packages` into `destination`; resolves name → absolute tarball path. */
export async function packAll(log, root, packages, destination) {
  const [npx, prefix] = await pnpmCommand(root);
  const filters = packages.flatMap((pkg) => ['--filter', pkg.name]);
  await run(log, npx, [...prefix, '-r', ...filters, 'pack', '--pack-destination', destination], {
    cwd: root,
  });
  const files = await readdir(destination);
  const tarballs = new Map();
  for (const pkg of packages) {
    // pnpm names them like npm: @scope/name@1.2.3 → scope-name-1.2.3.tgz
    const file = `${pkg.name.replace(/^@/, '').replace('/', '-')}-${pkg.version}.tgz`;
    if (!files.includes(file)) throw new RehearsalError(`pnpm pack made no ${file} for ${pkg.name}`);
    const { size } = await stat(path.join(destination, file));
    log(`  ${file.padEnd(40)} ${(size / 1024).toFixed(0).padStart(5)} kB`);
    tarballs.set(pkg.name, path.join(destination, file));
  }
  return tarballs;
}
