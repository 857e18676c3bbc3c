/**
 * Loads the plugins a config lists: resolve, import, check the plugin API generation, validate
 * options against the plugin's schema (unknown keys rejected) — all before any IT Glue call, with
 * every problem collected.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import type { PluginEntry } from '../config/resolve-config.js';
import type { ConfigProblem, ConfigProblemText } from '../config/problems.js';
import { configProblem, describeValue, parseKeyPath, zodIssuesToProblems } from '../config/problems.js';
import { isGlueflowPlugin, MIN_PLUGIN_API_VERSION, PLUGIN_API_VERSION } from './contract.js';
import type { GlueflowPlugin } from './contract.js';
import { missingEntry, notFoundHint } from './plugin-hints.js';
import { isPathSpec, resolvePluginModule } from './resolve-plugin.js';

export interface LoadedPlugin {
  plugin: GlueflowPlugin;
  /** Options after schema parsing (defaults applied). */
  options: unknown;
  entry: PluginEntry;
}

export interface LoadPluginsOptions {
  /** Folders to resolve bundled plugins from when the config's folder has none (the CLI's install). */
  fallbackFrom?: string[];
  cwd: string;
}

export async function loadPlugins(
  entries: PluginEntry[],
  options: LoadPluginsOptions,
): Promise<{ plugins: LoadedPlugin[]; problems: ConfigProblem[] }> {
  const plugins: LoadedPlugin[] = [];
  const problems: ConfigProblem[] = [];
  const seen = new Map<string, string>();
  for (const entry of entries) {
    const file = entry.declaredIn ?? 'config';
    const found = await importPlugin(entry, options, file);
    if ('problem' in found) {
      problems.push(found.problem);
      continue;
    }
    const plugin = found.plugin;
    const entryProblem = (text: ConfigProblemText) => configProblem(file, entry.keyPath, text);
    if (seen.has(plugin.name)) {
      problems.push(
        entryProblem({
          reason: `two plugins are named "${plugin.name}"`,
          expected: 'each plugin once',
          actual: `also at ${seen.get(plugin.name)}`,
          hint: 'remove one of them, or give an inline plugin its own name',
        }),
      );
      continue;
    }
    seen.set(plugin.name, `${file} ${entry.keyPath}`);
    const version = plugin.apiVersion ?? 0;
    if (version < MIN_PLUGIN_API_VERSION || version > PLUGIN_API_VERSION) {
      problems.push(
        entryProblem({
          reason: `plugin "${plugin.name}" was built for plugin API ${version}; this @glueflow/core supports ${MIN_PLUGIN_API_VERSION}–${PLUGIN_API_VERSION}`,
          expected: `plugin API ${MIN_PLUGIN_API_VERSION}–${PLUGIN_API_VERSION}`,
          actual: `plugin API ${version}`,
          hint:
            version > PLUGIN_API_VERSION
              ? 'upgrade @glueflow/core (and the CLI) to a version that supports this plugin'
              : 'upgrade the plugin to a release built for this core, or pin an older core',
        }),
      );
      continue;
    }
    const parsed = parsePluginOptions(plugin, entry.options);
    if (!parsed.success) {
      const prefix = [...parseKeyPath(entry.keyPath), 1];
      problems.push(
        ...zodIssuesToProblems(parsed.error.issues, file, prefix, plugin.options).map((p) => ({
          ...p,
          reason: `${plugin.name}: ${p.reason}`,
        })),
      );
      continue;
    }
    plugins.push({ plugin, options: parsed.data, entry });
  }
  return { plugins, problems };
}

function parsePluginOptions(plugin: GlueflowPlugin, raw: Record<string, unknown>) {
  const schema: z.ZodType = plugin.options ?? z.strictObject({});
  // Unknown keys are rejected even if a plugin author forgot `.strict()`.
  const strict = schema instanceof z.ZodObject ? (schema as z.ZodObject).strict() : schema;
  return strict.safeParse(raw, { reportInput: true });
}

async function importPlugin(
  entry: PluginEntry,
  options: LoadPluginsOptions,
  file: string,
): Promise<{ plugin: GlueflowPlugin } | { problem: ConfigProblem }> {
  const entryProblem = (text: ConfigProblemText) => configProblem(file, entry.keyPath, text);
  if (typeof entry.spec !== 'string') {
    return isGlueflowPlugin(entry.spec)
      ? {
          plugin: {
            ...entry.spec,
            apiVersion: (entry.spec as { apiVersion?: number }).apiVersion ?? PLUGIN_API_VERSION,
          },
        }
      : {
          problem: entryProblem({
            reason: 'inline plugin needs a name and an apply function',
            actual: describeValue(entry.spec),
          }),
        };
  }
  const spec = entry.spec;
  const baseDir = entry.declaredIn ? path.dirname(entry.declaredIn) : options.cwd;
  let url: string | undefined;
  let tried: string[] = [];
  const directory = isPathSpec(spec) ? await packageDirEntry(path.resolve(baseDir, spec)) : undefined;
  if (directory) {
    url = pathToFileURL(directory).href;
  } else {
    const resolution = resolvePluginModule(spec, baseDir, options.fallbackFrom ?? []);
    url = resolution.resolved?.url;
    tried = resolution.tried;
  }
  if (!url) {
    return {
      problem: entryProblem({
        reason: `cannot find plugin "${spec}"`,
        expected: 'an installed package or a file relative to the config',
        actual: `tried: ${tried.join('; ')}`,
        hint: isPathSpec(spec)
          ? 'check the path (relative to the config file)'
          : notFoundHint(spec, tried[0]?.split(' ')[0] ?? spec, [baseDir, ...(options.fallbackFrom ?? [])]),
      }),
    };
  }
  const unbuilt = missingEntry(url);
  if (unbuilt) {
    return {
      problem: entryProblem({
        reason: `plugin "${spec}" is not built: ${unbuilt.file} does not exist`,
        expected: `the file its package.json points at (${path.join(unbuilt.packageDir, unbuilt.file)})`,
        hint: unbuilt.hasBuildScript
          ? `run its build: \`npm run build\` in ${unbuilt.packageDir}`
          : `build it, so that ${unbuilt.file} exists in ${unbuilt.packageDir}`,
      }),
    };
  }
  let mod: Record<string, unknown>;
  try {
    mod = (await import(url)) as Record<string, unknown>;
  } catch (error) {
    return {
      problem: entryProblem({
        reason: `plugin "${spec}" failed to load: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
        hint: 'the module threw while importing; plugins must do no work at import time',
      }),
    };
  }
  const exported = mod.default ?? mod.plugin;
  const plugin =
    typeof exported === 'function' && !isGlueflowPlugin(exported) ? (exported as () => unknown)() : exported;
  if (!isGlueflowPlugin(plugin)) {
    return {
      problem: entryProblem({
        reason: `"${spec}" does not export a glueflow plugin`,
        expected: 'a default export made with definePlugin({ name, options, apply })',
        actual: describeValue(plugin),
      }),
    };
  }
  return { plugin };
}

/** A local plugin given as a package folder: use its package.json entry point. */
async function packageDirEntry(dir: string): Promise<string | undefined> {
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) return undefined;
  const manifest = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8').catch(() => '{}')) as {
    exports?: unknown;
    main?: string;
  };
  const root = (manifest.exports as Record<string, unknown> | undefined)?.['.'] ?? manifest.exports;
  const entry =
    typeof root === 'string'
      ? root
      : ((root as Record<string, string> | undefined)?.import ??
        (root as Record<string, string> | undefined)?.default ??
        manifest.main ??
        'index.js');
  return path.join(dir, entry);
}
