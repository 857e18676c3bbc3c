/** `glueflow plugins [--json]`: loaded plugins, the steps each registers and the hooks each taps. */
import path from 'node:path';
import type { LoadedPlugin } from '@glueflow/core';
import type { CliContext } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { inspectEngine } from '../session/inspect-engine.js';
import { loadCliConfig } from '../session/open-session.js';

export async function pluginsCommand(ctx: CliContext, flags: { json?: boolean }): Promise<number> {
  const core = await import('@glueflow/core');
  const config = await loadCliConfig(ctx);
  const engine = await inspectEngine(ctx, config);
  const taps = engine.tapsByPlugin();
  const steps = engine.listSteps();
  const owned = new Set<string>();
  const plugins = engine.listPlugins().map((loaded) => {
    const name = loaded.plugin.name;
    const own = Object.keys(taps).filter((tap) => tap === name || tap.startsWith(`${name}:`));
    own.forEach((tap) => owned.add(tap));
    return {
      name,
      description: loaded.plugin.description ?? '',
      apiVersion: loaded.plugin.apiVersion,
      from: fromOf(ctx, loaded),
      steps: steps
        .filter((s) => s.plugin === name)
        .map((s) => ({ id: s.id, description: s.definition.description })),
      taps: [...new Set(own.flatMap((tap) => taps[tap] ?? []))],
    };
  });
  const otherTaps = Object.fromEntries(Object.entries(taps).filter(([tap]) => !owned.has(tap)));
  const problems = engine.validatePipelines(config.pipelines);
  if (flags.json) {
    ctx.json({
      plugins,
      otherTaps,
      ...(problems.length ? { problems: problems.map(core.configProblemJson) } : {}),
    });
  } else {
    const c = ctx.colors;
    if (plugins.length === 0)
      ctx.print('No plugins in the config. Add some under `plugins:` (glueflow init writes examples).');
    for (const p of plugins) {
      ctx.print(`${c.bold(p.name)} ${c.dim(`(${p.from})`)}`);
      if (p.description) ctx.print(`  ${p.description}`);
      for (const step of p.steps) ctx.print(`  step  ${c.cyan(step.id)} — ${step.description}`);
      ctx.print(`  taps  ${p.taps.length ? p.taps.join(', ') : 'none'}`);
    }
    for (const [tap, hooks] of Object.entries(otherTaps)) ctx.print(c.dim(`${tap} taps ${hooks.join(', ')}`));
  }
  if (problems.length === 0) return EXIT.ok;
  if (flags.json) return EXIT.config; // the problems are in the JSON already
  throw new core.ConfigError(problems);
}

function fromOf(ctx: CliContext, loaded: LoadedPlugin): string {
  const spec = typeof loaded.entry.spec === 'string' ? loaded.entry.spec : 'inline';
  const file = loaded.entry.declaredIn;
  return file ? `${spec}, ${path.relative(ctx.cwd, file) || file} ${loaded.entry.keyPath}` : spec;
}
