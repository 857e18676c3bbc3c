/**
 * Hints for a plugin that does not load. A misspelt name must not send a person to `npm install` a
 * package that does not exist, so the nearest plugin that *is* installed is named instead; a local
 * plugin whose package.json points at a dist file not built yet must say "run its build", not
 * "the module threw while importing".
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { closestName } from '../config/did-you-mean.js';

/** `@glueflow/plugin-markdown` → `markdown`, `glueflow-plugin-x` → `x`, `@acme/glueflow-plugin-x` → `@acme/x`. */
export function shortPluginName(pkg: string): string {
  return pkg
    .replace(/^@glueflow\/plugin-/, '')
    .replace(/^glueflow-plugin-/, '')
    .replace(/^(@[^/]+)\/glueflow-plugin-/, '$1/');
}

function pluginsIn(nodeModules: string): string[] {
  const list = (dir: string) => {
    try {
      return readdirSync(dir);
    } catch {
      return [];
    }
  };
  return list(nodeModules).flatMap((name) => {
    if (name.startsWith('glueflow-plugin-')) return [name];
    if (!name.startsWith('@')) return [];
    const prefix = name === '@glueflow' ? 'plugin-' : 'glueflow-plugin-';
    return list(path.join(nodeModules, name))
      .filter((inner) => inner.startsWith(prefix))
      .map((inner) => `${name}/${inner}`);
  });
}

/** Short names of the plugins installed where `folders` (and their parents) resolve packages from. */
export function installedPlugins(folders: readonly string[]): string[] {
  const found = new Set<string>();
  for (const start of folders) {
    for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
      for (const pkg of pluginsIn(path.join(dir, 'node_modules'))) found.add(shortPluginName(pkg));
      if (path.dirname(dir) === dir) break;
    }
  }
  return [...found].sort();
}

/** The hint for a plugin name that resolved nowhere. */
export function notFoundHint(spec: string, firstCandidate: string, folders: readonly string[]): string {
  const installed = installedPlugins(folders);
  const meant = closestName(spec, installed);
  const list =
    installed.length > 0 ? `installed: ${installed.join(', ')}` : 'no glueflow plugins are installed here';
  if (meant) return `did you mean "${meant}"? (${list})`;
  return `${list}; if "${spec}" is a published plugin, \`npm install ${firstCandidate}\``;
}

/** A plugin entry file that does not exist, with the package it belongs to. */
export interface MissingEntry {
  /** The entry file, relative to its package folder (e.g. `dist/index.js`). */
  file: string;
  packageDir: string;
  hasBuildScript: boolean;
}

export function missingEntry(url: string): MissingEntry | undefined {
  if (!url.startsWith('file:')) return undefined;
  const file = fileURLToPath(url);
  if (existsSync(file)) return undefined;
  for (let dir = path.dirname(file); path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (!existsSync(manifest)) continue;
    let scripts: Record<string, unknown> = {};
    try {
      scripts =
        (JSON.parse(readFileSync(manifest, 'utf8')) as { scripts?: Record<string, unknown> }).scripts ?? {};
    } catch {
      // an unreadable package.json: no build script known
    }
    return {
      file: path.relative(dir, file),
      packageDir: dir,
      hasBuildScript: typeof scripts.build === 'string',
    };
  }
  return undefined;
}
