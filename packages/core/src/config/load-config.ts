/**
 * The config entry point: find the file, follow `extends`, apply environment and flags, and report
 * every problem at once (the CLI exits 78). Environment and cwd are injected — never read globally.
 */
import os from 'node:os';
import { loadConfigFiles } from './load-file.js';
import { configProblem, formatProblems } from './problems.js';
import type { ConfigProblem } from './problems.js';
import { resolveConfig } from './resolve-config.js';
import type { ConfigFlags, ResolvedConfig } from './resolve-config.js';
import { ConfigError } from './config-error.js';

export interface LoadConfigOptions {
  cwd: string;
  env: Record<string, string | undefined>;
  /** `--config FILE`, relative to cwd. */
  configFile?: string;
  flags?: ConfigFlags;
  /** Run without any config file (e.g. `glueflow health` with only env vars). Default true. */
  allowMissing?: boolean;
}

export async function loadConfig(options: LoadConfigOptions): Promise<ResolvedConfig> {
  const files = await loadConfigFiles({
    cwd: options.cwd,
    home: options.env.HOME ?? options.env.USERPROFILE ?? os.homedir(),
    ...(options.configFile ? { configFile: options.configFile } : {}),
  });
  const problems: ConfigProblem[] = [...files.problems];
  if (!files.filepath && options.allowMissing === false) {
    problems.push(
      configProblem(options.cwd, '(file)', {
        reason: 'no glueflow config found',
        hint: 'run `glueflow init` or pass --config FILE',
      }),
    );
  }
  const { config, problems: resolveProblems } = resolveConfig(
    files.layers,
    options.env,
    options.flags ?? {},
    files.filepath,
  );
  problems.push(...resolveProblems);
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

export { formatProblems };
