/**
 * Turns a plugin spec from the config into a module to import. Tries, in order, every name a short
 * spec can stand for, from the declaring config file's folder and then from glueflow's own install
 * (so the bundled plugins work from any folder). A miss lists every place tried.
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { resolve as resolveSpecifier } from 'import-meta-resolve';

/** Candidate package names for a spec, most specific first. */
export function candidateNames(spec: string): string[] {
  if (spec.startsWith('@')) {
    const [scope, name] = spec.split('/') as [string, string | undefined];
    if (!name) return [spec];
    if (scope === '@glueflow' || name.startsWith('glueflow-plugin-')) return [spec];
    return [`${scope}/glueflow-plugin-${name}`, spec];
  }
  if (spec.startsWith('glueflow-plugin-')) return [spec];
  return [`@glueflow/plugin-${spec}`, `glueflow-plugin-${spec}`, spec];
}

export function isPathSpec(spec: string): boolean {
  return spec.startsWith('.') || path.isAbsolute(spec) || spec.startsWith('file:');
}

export interface ResolvedPluginModule {
  /** file: URL to import. */
  url: string;
  /** The package name or path that matched. */
  matched: string;
}

export interface PluginResolution {
  resolved?: ResolvedPluginModule;
  /** Every place tried, for the not-found error. */
  tried: string[];
}

export function resolvePluginModule(spec: string, baseDir: string, fallbackFrom: string[]): PluginResolution {
  const tried: string[] = [];
  if (isPathSpec(spec)) {
    const file = spec.startsWith('file:') ? fileURLToPath(spec) : path.resolve(baseDir, spec);
    tried.push(file);
    try {
      const url = resolveSpecifier(
        pathToFileURL(file).href,
        pathToFileURL(path.join(baseDir, 'config')).href,
      );
      return { resolved: { url, matched: file }, tried };
    } catch {
      return { tried };
    }
  }
  const parents = [baseDir, ...fallbackFrom];
  for (const name of candidateNames(spec)) {
    for (const parent of parents) {
      tried.push(`${name} from ${parent}`);
      try {
        const url = resolveSpecifier(name, pathToFileURL(path.join(parent, 'noop.js')).href);
        return { resolved: { url, matched: name }, tried };
      } catch {
        // try the next place
      }
    }
  }
  return { tried };
}
