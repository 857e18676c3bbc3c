/**
 * Turns config layers, environment and flags into one resolved config, recording where every value
 * came from (for `glueflow config print`). Precedence: flags > environment > file > extends > defaults.
 */
import path from 'node:path';
import type { ConfigLayer } from './load-file.js';
import { configProblem } from './problems.js';
import type { ConfigProblem } from './problems.js';
import { REGIONS } from './schema.js';
import type { ConfigFile, Region } from './schema.js';
import type { ServeConfigFile } from './schema-serve.js';
import type { StorageConfigFile } from './schema-storage.js';
import type { McpConfigFile } from './schema-mcp.js';
import { resolveGlueflowHome } from './paths.js';

export interface ConfigFlags {
  instance?: string;
  url?: string;
  region?: string;
}

export interface PluginEntry {
  /** As written: a name, a path, or an inline plugin object. */
  spec: string | { name: string; apply: unknown };
  options: Record<string, unknown>;
  /** The file that declared it: relative plugin paths resolve against its folder. */
  declaredIn: string | null;
  /** Key path in that file, e.g. `plugins[2]`. */
  keyPath: string;
}

export interface PipelineStepEntry {
  step: string;
  with: Record<string, unknown>;
  name?: string;
  declaredIn: string | null;
  /** Folder that relative paths in `with` resolve against. */
  baseDir: string;
  keyPath: string;
}

export interface ResolvedConfig {
  filepath: string | null;
  instanceName: string;
  instance: { region: Region; url?: string };
  rateLimit: { requests: number; windowSeconds: number };
  concurrency: number;
  timeouts: { connectMs: number; responseMs: number };
  cache: { ttlSeconds: Record<string, number>; autoRefreshHours: number };
  /** Retention of the run history; optional for configs built by hand (the runtime then uses the defaults). */
  history?: { keep: number; maxAgeDays: number };
  home: string;
  plugins: PluginEntry[];
  pipelines: Record<string, PipelineStepEntry[]>;
  /** The `serve:` block (later layers override per key; `schedule` merges by pipeline). */
  serve?: ServeConfigFile;
  /** The `storage:` block (later layers override per key); none: SQLite under `home`. */
  storage?: StorageConfigFile;
  /** The `mcp:` block (later layers override per key); none: read-only tools, default limits. */
  mcp?: McpConfigFile;
  /** Key path → where its value came from: `default`, `file <path>`, `env NAME`, `flag --x`. */
  provenance: Record<string, string>;
}

export const DEFAULTS = {
  region: 'us' as Region,
  rateLimit: { requests: 3000, windowSeconds: 300 },
  concurrency: 8,
  timeouts: { connectMs: 30_000, responseMs: 60_000 },
  autoRefreshHours: 24,
  history: { keep: 500, maxAgeDays: 90 },
};

export function resolveConfig(
  layers: ConfigLayer[],
  env: Record<string, string | undefined>,
  flags: ConfigFlags,
  filepath: string | null,
): { config: ResolvedConfig; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const provenance: Record<string, string> = {};
  const set = <T>(key: string, value: T, source: string): T => {
    provenance[key] = source;
    return value;
  };

  let region: Region = set('instance.region', DEFAULTS.region, 'default');
  let url: string | undefined;
  let rateLimit = { ...DEFAULTS.rateLimit };
  provenance['rateLimit.requests'] = provenance['rateLimit.windowSeconds'] = 'default';
  let concurrency = set('concurrency', DEFAULTS.concurrency, 'default');
  const timeouts = { ...DEFAULTS.timeouts };
  provenance['timeouts.connectMs'] = provenance['timeouts.responseMs'] = 'default';
  const ttlSeconds: Record<string, number> = {};
  let autoRefreshHours = set('cache.autoRefreshHours', DEFAULTS.autoRefreshHours, 'default');
  const history = { ...DEFAULTS.history };
  for (const key of Object.keys(history)) provenance[`history.${key}`] = 'default';
  const plugins: PluginEntry[] = [];
  const pipelines: Record<string, PipelineStepEntry[]> = {};
  let serve: ServeConfigFile | undefined;
  let storage: StorageConfigFile | undefined;
  let mcp: McpConfigFile | undefined;
  const instances: Record<string, { region?: Region; url?: string; from: string }> = {};
  let defaultInstance: string | undefined;

  for (const layer of layers) {
    const from = `file ${layer.filepath}`;
    const c: ConfigFile = layer.config;
    if (c.instance) instances.default = { ...instances.default, ...c.instance, from };
    for (const [name, inst] of Object.entries(c.instances ?? {}))
      instances[name] = { ...instances[name], ...inst, from };
    if (c.defaultInstance) defaultInstance = set('defaultInstance', c.defaultInstance, from);
    if (c.rateLimit) {
      rateLimit = { ...rateLimit, ...c.rateLimit } as typeof rateLimit;
      for (const key of Object.keys(c.rateLimit)) provenance[`rateLimit.${key}`] = from;
    }
    if (c.concurrency !== undefined) concurrency = set('concurrency', c.concurrency, from);
    for (const [key, value] of Object.entries(c.timeouts ?? {})) {
      timeouts[key as keyof typeof timeouts] = set(`timeouts.${key}`, value as number, from);
    }
    for (const [type, seconds] of Object.entries(c.cache?.ttlSeconds ?? {})) {
      ttlSeconds[type] = set(`cache.ttlSeconds.${type}`, seconds, from);
    }
    if (c.cache?.autoRefreshHours !== undefined) {
      autoRefreshHours = set('cache.autoRefreshHours', c.cache.autoRefreshHours, from);
    }
    for (const [key, value] of Object.entries(c.history ?? {})) {
      if (value !== undefined) history[key as keyof typeof history] = set(`history.${key}`, value, from);
    }
    for (const [index, spec] of (c.plugins ?? []).entries()) {
      const entry = toPluginEntry(spec, layer.filepath, `plugins[${index}]`);
      const existing = plugins.findIndex((p) => pluginKey(p) === pluginKey(entry));
      if (existing >= 0) plugins.splice(existing, 1, entry);
      else plugins.push(entry);
    }
    if (c.serve) {
      provenance.serve = from;
      const schedule = { ...serve?.schedule, ...c.serve.schedule };
      serve = { ...serve, ...c.serve, ...(Object.keys(schedule).length > 0 ? { schedule } : {}) };
    }
    if (c.storage) {
      provenance.storage = from;
      storage = { ...storage, ...c.storage };
    }
    if (c.mcp) {
      provenance.mcp = from;
      mcp = { ...mcp, ...c.mcp };
    }
    for (const [name, steps] of Object.entries(c.pipelines ?? {})) {
      provenance[`pipelines.${name}`] = from;
      pipelines[name] = steps.map((s, index) => ({
        step: s.step,
        with: s.with ?? {},
        ...(s.name ? { name: s.name } : {}),
        declaredIn: layer.filepath,
        baseDir: path.dirname(layer.filepath),
        keyPath: `pipelines.${name}[${index}]`,
      }));
    }
  }

  // Pick the instance: --instance > defaultInstance > `instance` > the only one in `instances`.
  const names = Object.keys(instances);
  let instanceName = flags.instance ?? defaultInstance ?? (names.length === 1 ? names[0]! : 'default');
  provenance.instanceName = flags.instance
    ? 'flag --instance'
    : defaultInstance
      ? provenance.defaultInstance!
      : 'default';
  if (flags.instance && names.length > 0 && !instances[flags.instance]) {
    problems.push(
      configProblem('flags', '--instance', {
        reason: `no instance named "${flags.instance}"`,
        expected: `one of ${names.join(', ')}`,
        actual: JSON.stringify(flags.instance),
      }),
    );
  } else if (!flags.instance && !defaultInstance && names.length > 1 && !instances.default) {
    problems.push(
      configProblem(filepath ?? 'config', 'instances', {
        reason: 'several instances and none chosen',
        expected: '--instance NAME or defaultInstance',
        actual: names.join(', '),
      }),
    );
    instanceName = names[0]!;
  }
  const chosen = instances[instanceName];
  if (chosen?.region) region = set('instance.region', chosen.region, chosen.from);
  if (chosen?.url) url = set('instance.url', chosen.url, chosen.from);

  // Environment beats files; ITGLUE_API_URL beats ITGLUE_REGION.
  if (env.ITGLUE_REGION) {
    if ((REGIONS as readonly string[]).includes(env.ITGLUE_REGION)) {
      region = set('instance.region', env.ITGLUE_REGION as Region, 'env ITGLUE_REGION');
      url = undefined;
      delete provenance['instance.url'];
    } else {
      problems.push(
        configProblem('environment', 'ITGLUE_REGION', {
          reason: 'unknown region',
          expected: REGIONS.join(', '),
          actual: JSON.stringify(env.ITGLUE_REGION),
        }),
      );
    }
  }
  if (env.ITGLUE_API_URL) url = set('instance.url', env.ITGLUE_API_URL, 'env ITGLUE_API_URL');
  // Flags beat everything.
  if (flags.region) {
    if ((REGIONS as readonly string[]).includes(flags.region)) {
      region = set('instance.region', flags.region as Region, 'flag --region');
      if (!flags.url) {
        url = undefined;
        delete provenance['instance.url'];
      }
    } else {
      problems.push(
        configProblem('flags', '--region', {
          reason: 'unknown region',
          expected: REGIONS.join(', '),
          actual: flags.region,
        }),
      );
    }
  }
  if (flags.url) url = set('instance.url', flags.url, 'flag --url');

  const home = set('home', resolveGlueflowHome(env), env.GLUEFLOW_HOME ? 'env GLUEFLOW_HOME' : 'default');
  return {
    problems,
    config: {
      filepath,
      instanceName,
      instance: { region, ...(url ? { url } : {}) },
      rateLimit,
      concurrency,
      timeouts,
      cache: { ttlSeconds, autoRefreshHours },
      history,
      home,
      plugins,
      pipelines,
      ...(serve ? { serve } : {}),
      ...(storage ? { storage } : {}),
      ...(mcp ? { mcp } : {}),
      provenance,
    },
  };
}

function toPluginEntry(spec: unknown, declaredIn: string, keyPath: string): PluginEntry {
  if (Array.isArray(spec)) {
    return {
      spec: spec[0] as PluginEntry['spec'],
      options: (spec[1] ?? {}) as Record<string, unknown>,
      declaredIn,
      keyPath,
    };
  }
  return { spec: spec as PluginEntry['spec'], options: {}, declaredIn, keyPath };
}

function pluginKey(entry: PluginEntry): string {
  return typeof entry.spec === 'string' ? entry.spec : entry.spec.name;
}
