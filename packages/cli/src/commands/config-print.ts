/**
 * `glueflow config print [--json]`: the config as glueflow resolved it — flags over environment over
 * file over `extends` over defaults — with where each value came from. Secret values never print:
 * the API key shows only its source; under secret-looking keys only a `{ env }`/`{ keychain }`
 * reference shows (anything else, of any type, is masked); URLs lose their `user:password@`.
 */
import path from 'node:path';
import type { PipelineStepEntry, PluginEntry, ResolvedConfig } from '@glueflow/core';
import type { CliContext } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { columns, preview } from '../render/format.js';
import { loadCliConfig, resolveCliApiKey } from '../session/open-session.js';

const MASK = '[REDACTED]';

export async function configPrintCommand(ctx: CliContext, flags: { json?: boolean }): Promise<number> {
  const { maskSecretValues } = await import('@glueflow/core');
  const config = await loadCliConfig(ctx);
  const apiKey = await resolveCliApiKey(ctx, config.instanceName).then(
    (key) => ({ present: true, source: key.source }),
    (error: Error) => ({ present: false, source: error.message }),
  );
  const mask = (value: unknown): unknown => maskSecretValues(value);
  const plugins = config.plugins.map((p) => ({
    plugin: typeof p.spec === 'string' ? p.spec : `${p.spec.name} (inline)`,
    options: mask(p.options),
    from: origin(ctx, p),
  }));
  const pipelines = Object.fromEntries(
    Object.entries(config.pipelines).map(([name, steps]) => [
      name,
      steps.map((s) => ({
        step: s.step,
        ...(s.name ? { name: s.name } : {}),
        with: mask(s.with),
        from: origin(ctx, s),
      })),
    ]),
  );
  if (flags.json) {
    ctx.json({
      file: config.filepath,
      instanceName: config.instanceName,
      instance: mask(config.instance),
      apiKey,
      rateLimit: config.rateLimit,
      concurrency: config.concurrency,
      timeouts: config.timeouts,
      cache: config.cache,
      history: config.history,
      home: config.home,
      plugins,
      pipelines,
      provenance: config.provenance,
    });
    return EXIT.ok;
  }
  const c = ctx.colors;
  ctx.print(`${c.bold('config file')}  ${config.filepath ?? '(none found: defaults and environment only)'}`);
  const rows = Object.entries(config.provenance)
    .filter(([key]) => !key.startsWith('pipelines.'))
    .map(([key, source]) => [`  ${key}`, preview(mask(valueAt(config, key))), c.dim(source)]);
  rows.push([
    '  apiKey',
    apiKey.present ? MASK : c.red('missing'),
    c.dim(apiKey.present ? sourceName(apiKey.source) : apiKey.source),
  ]);
  for (const line of columns(rows)) ctx.print(line);
  ctx.print(c.bold('plugins'));
  if (plugins.length === 0) ctx.print('  (none)');
  for (const p of plugins) {
    const options = p.options && Object.keys(p.options).length ? ` ${JSON.stringify(p.options)}` : '';
    ctx.print(`  ${p.plugin}${options}  ${c.dim(p.from)}`);
  }
  ctx.print(c.bold('pipelines'));
  if (Object.keys(pipelines).length === 0) ctx.print('  (none)');
  for (const [name, steps] of Object.entries(pipelines)) {
    ctx.print(`  ${name}`);
    for (const s of steps) ctx.print(`    - ${s.step} ${JSON.stringify(s.with)}  ${c.dim(s.from)}`);
  }
  return EXIT.ok;
}

function sourceName(source: string): string {
  return source === 'keychain' ? 'OS keychain' : `env ${source}`;
}

function origin(ctx: CliContext, entry: PluginEntry | PipelineStepEntry): string {
  if (!entry.declaredIn) return entry.keyPath;
  return `${path.relative(ctx.cwd, entry.declaredIn) || entry.declaredIn} ${entry.keyPath}`;
}

/** The resolved value of a provenance key such as `instance.region` or `cache.ttlSeconds.organizations`. */
function valueAt(config: ResolvedConfig, key: string): unknown {
  if (key === 'defaultInstance' || key === 'instanceName') return config.instanceName;
  let value: unknown = config;
  for (const part of key.split('.')) value = (value as Record<string, unknown> | undefined)?.[part];
  return value;
}
