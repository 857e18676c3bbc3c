/**
 * Every `{ env: NAME }` a pipeline needs whose variable is not set, found before the run starts.
 * Secrets are resolved only when a step asks for one, so without this each run stopped at the first
 * missing variable: export it, run again, meet the next. Keychain references are left to run time
 * (reading the keychain can prompt, and headless machines have none).
 */
import type { LoadedPlugin } from '../plugins/load-plugins.js';
import type { KeyPath } from './problems.js';
import { configProblem, formatKeyPath, parseKeyPath } from './problems.js';
import type { ConfigProblem } from './problems.js';
import type { PipelineStepEntry } from './resolve-config.js';
import { isSecretRef } from './secret-scan.js';

function* envRefs(value: unknown, path: KeyPath): Generator<{ name: string; path: KeyPath }> {
  if (isSecretRef(value) && typeof (value as { env?: unknown }).env === 'string') {
    yield { name: (value as { env: string }).env, path };
    return;
  }
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) yield* envRefs(item, [...path, index]);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) yield* envRefs(item, [...path, key]);
  }
}

export interface SecretCheckInput {
  entries: readonly PipelineStepEntry[];
  plugins: readonly LoadedPlugin[];
  /** Step id → the plugin that registered it. */
  stepOwners: ReadonlyMap<string, string>;
  env: Record<string, string | undefined>;
}

/**
 * One problem per missing variable (at its first use): the steps' `with:`, and the options of the
 * plugins they use — plugin options are their steps' defaults — or of plugins with no steps at all,
 * whose hooks run in every pipeline.
 */
export function missingEnvSecrets(input: SecretCheckInput): ConfigProblem[] {
  const owners = new Set([...input.stepOwners.values()]);
  const used = new Set(input.entries.map((entry) => input.stepOwners.get(entry.step)));
  const sources: Array<{ file: string; value: unknown; path: KeyPath }> = [
    ...input.plugins
      .filter(({ plugin }) => used.has(plugin.name) || !owners.has(plugin.name))
      .map(({ entry }) => ({
        file: entry.declaredIn ?? 'config',
        value: entry.options,
        path: [...parseKeyPath(entry.keyPath), 1],
      })),
    ...input.entries.map((entry) => ({
      file: entry.declaredIn ?? 'config',
      value: entry.with,
      path: [...parseKeyPath(entry.keyPath), 'with'],
    })),
  ];
  const problems = new Map<string, ConfigProblem>();
  for (const source of sources) {
    for (const ref of envRefs(source.value, source.path)) {
      if (input.env[ref.name] || problems.has(ref.name)) continue;
      problems.set(
        ref.name,
        configProblem(source.file, formatKeyPath(ref.path), {
          // Led by the reference itself: output redaction masks the word after `privateKey: `.
          reason: `{ env: ${ref.name} }: environment variable ${ref.name} is not set`,
          expected: `${ref.name} exported in the environment glueflow runs in`,
          hint: `export ${ref.name}=… before running glueflow (in cron or CI: from its secret store)`,
        }),
      );
    }
  }
  return [...problems.values()];
}
