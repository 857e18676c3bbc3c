/**
 * `glueflow plugin new --from-tarballs <dir>`: a new plugin built against Glueflow packages packed locally
 * (`pnpm -r pack --pack-destination <dir>`) instead of the npm registry — for a release rehearsal, or to
 * try an unreleased core. Every `@glueflow/*` tarball in the folder becomes a `file:` spec: the plugin's
 * own `@glueflow/*` devDependencies point at theirs, and npm `overrides` send the packages those depend on
 * (testkit → emulator …) to the folder too, so `npm install` never asks the registry for a Glueflow package.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { GlueflowError } from '@glueflow/core';

export interface LocalTarball {
  name: string;
  version: string;
  /** Absolute path of the .tgz. */
  file: string;
  /** `@glueflow/*` packages its dependencies and peerDependencies name. */
  requires: string[];
}

const SCOPE = '@glueflow/';
const BLOCK = 512;

/** The `package/package.json` inside an npm tarball (gzip'd ustar, with pax or GNU long names). */
export function manifestFromTarball(gzipped: Buffer): Record<string, unknown> | undefined {
  const tar = gunzipSync(gzipped);
  let offset = 0;
  let longName: string | undefined;
  while (offset + BLOCK <= tar.length && tar[offset] !== 0) {
    const header = tar.subarray(offset, offset + BLOCK);
    const text = (from: number, length: number) =>
      header
        .subarray(from, from + length)
        .toString('utf8')
        .replace(/\0.*$/s, '');
    const size = parseInt(text(124, 12).trim() || '0', 8);
    const type = text(156, 1);
    const prefix = text(345, 155);
    const name = longName ?? (prefix ? `${prefix}/${text(0, 100)}` : text(0, 100));
    const body = tar.subarray(offset + BLOCK, offset + BLOCK + size);
    offset += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
    longName = undefined;
    if (type === 'x') longName = /\d+ path=([^\n]*)\n/.exec(body.toString('utf8'))?.[1];
    else if (type === 'L') longName = body.toString('utf8').replace(/\0.*$/s, '');
    else if (/^[^/]+\/package\.json$/.test(name)) {
      return JSON.parse(body.toString('utf8')) as Record<string, unknown>;
    }
  }
  return undefined;
}

function problem(message: string, hint: string, where: string): GlueflowError {
  return new GlueflowError({ code: 'ESCAFFOLD_TARBALLS', message, hint, where });
}

const PACK_HINT = 'pack them first: pnpm -r pack --pack-destination <dir> in the Glueflow repository';

/** The `@glueflow/*` tarballs in `dir`, one per package; anything else in the folder is ignored. */
export async function readLocalTarballs(dir: string): Promise<Map<string, LocalTarball>> {
  const entries = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    throw problem(`cannot read the tarball folder ${dir}: ${error.code ?? error.message}`, PACK_HINT, dir);
  });
  const found = new Map<string, LocalTarball>();
  for (const entry of entries.filter((file) => file.endsWith('.tgz')).sort()) {
    const file = path.join(dir, entry);
    const manifest = manifestFromTarball(await readFile(file));
    if (typeof manifest?.name !== 'string' || typeof manifest.version !== 'string') {
      throw problem(`${entry} has no package/package.json with a name and version`, PACK_HINT, file);
    }
    if (!manifest.name.startsWith(SCOPE)) continue;
    const previous = found.get(manifest.name);
    if (previous) {
      throw problem(
        `${dir} holds ${manifest.name} twice (${path.basename(previous.file)}, ${entry})`,
        'keep one tarball per package in the folder',
        dir,
      );
    }
    const requires = ['dependencies', 'peerDependencies'].flatMap((key) =>
      Object.keys((manifest[key] as Record<string, string> | undefined) ?? {}).filter((name) =>
        name.startsWith(SCOPE),
      ),
    );
    found.set(manifest.name, { name: manifest.name, version: manifest.version, file, requires });
  }
  return found;
}

export interface LocalSpecs {
  /** `file:` spec per `@glueflow/*` package, relative to the plugin folder. */
  specs: Record<string, string>;
  /** Version of each package found. */
  versions: Record<string, string>;
}

/**
 * `file:` specs for `wanted` and everything they require, relative to `pluginDir`; a package missing from
 * the folder fails here (with what needs it), not later as a registry 404 in `npm install`.
 */
export async function localSpecs(dir: string, pluginDir: string, wanted: string[]): Promise<LocalSpecs> {
  const tarballs = await readLocalTarballs(dir);
  const missing = new Map<string, string>();
  const queue = wanted.map((name) => ({ name, neededBy: 'the plugin' }));
  const seen = new Set<string>();
  for (let next = queue.shift(); next; next = queue.shift()) {
    if (seen.has(next.name)) continue;
    seen.add(next.name);
    const tarball = tarballs.get(next.name);
    if (!tarball) missing.set(next.name, next.neededBy);
    else queue.push(...tarball.requires.map((name) => ({ name, neededBy: next.name })));
  }
  if (missing.size > 0) {
    const list = [...missing].map(([name, neededBy]) => `${name} (needed by ${neededBy})`).join(', ');
    throw problem(`${dir} has no tarball for ${list}`, PACK_HINT, dir);
  }
  const specs: Record<string, string> = {};
  const versions: Record<string, string> = {};
  for (const tarball of tarballs.values()) {
    const relative = path.relative(pluginDir, tarball.file).split(path.sep).join('/');
    specs[tarball.name] = `file:${relative.startsWith('.') ? relative : `./${relative}`}`;
    versions[tarball.name] = tarball.version;
  }
  return { specs, versions };
}
