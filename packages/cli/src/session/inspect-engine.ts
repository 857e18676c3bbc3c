/**
 * An engine with the config's plugins applied but nothing to run against: `glueflow plugins` and
 * `config print` list steps and taps without an API key, a cache file or a network.
 */
import path from 'node:path';
import type { Engine, ResolvedConfig, StepServices } from '@glueflow/core';
import type { CliContext } from '../context.js';
import { cliPackageDir } from '../package-dir.js';

export async function inspectEngine(ctx: CliContext, config: ResolvedConfig): Promise<Engine> {
  const core = await import('@glueflow/core');
  const { plugins, problems } = await core.loadPlugins(config.plugins, {
    cwd: config.filepath ? path.dirname(config.filepath) : ctx.cwd,
    fallbackFrom: [cliPackageDir()],
  });
  if (problems.length > 0) throw new core.ConfigError(problems);
  const engine = new core.Engine({
    instance: config.instanceName,
    logger: core.createLogger({ silent: true }),
    services: noServices(),
    secrets: { env: ctx.env },
  });
  await engine.use(plugins);
  return engine;
}

/** Steps never run on an inspection engine; if one tried, say so instead of failing obscurely. */
function noServices(): StepServices {
  const refuse = (): never => {
    throw new Error('this engine only lists plugins; it cannot run steps');
  };
  return {
    itglue: refuse,
    get cache() {
      return refuse();
    },
    state: refuse,
    requestStats: () => ({ total: 0, retries: 0, rateLimited: 0, warnings: [] }),
  };
}
