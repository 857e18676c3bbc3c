/**
 * Plugin package names, the way core's resolver reads them (`candidateNames` in
 * `@glueflow/core`'s plugin loader): `teams` in a config means `glueflow-plugin-teams`, `@acme/teams`
 * means `@acme/glueflow-plugin-teams`. A scaffolded plugin gets the full name so both spellings load it.
 */
import { GlueflowError } from '@glueflow/core';

export const PLUGIN_PREFIX = 'glueflow-plugin-';

export interface PluginName {
  /** The npm package name: `glueflow-plugin-teams` or `@acme/glueflow-plugin-teams`. */
  packageName: string;
  /** `@acme`, for scoped names. */
  scope?: string;
  /** The part after the prefix (`teams`): the step id prefix (`teams.notify`). */
  shortName: string;
  /** What a user writes in `plugins:` — `teams` or `@acme/teams`. */
  configName: string;
  /** A folder name for the package: `glueflow-plugin-teams`. */
  directoryName: string;
}

const SCOPE = /^@[a-z0-9][a-z0-9._-]*$/;
/** kebab-case, starting with a letter: it becomes a step id prefix and an error code prefix. */
const SHORT = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
/** npm's limit on a package name. */
const MAX_LENGTH = 214;

const NAME_HINT =
  'use kebab-case, e.g. "teams-notify", "glueflow-plugin-teams-notify" or "@acme/teams-notify"';

function invalid(name: string, why: string, hint = NAME_HINT): GlueflowError {
  return new GlueflowError({
    code: 'ESCAFFOLD_NAME',
    message: `${JSON.stringify(name.length > 60 ? `${name.slice(0, 40)}…` : name)} is not a valid plugin name: ${why}`,
    hint,
    where: 'name',
  });
}

/** Reads `teams`, `glueflow-plugin-teams`, `@acme/teams` or `@acme/glueflow-plugin-teams`. */
export function parsePluginName(input: string): PluginName {
  const name = input.trim();
  if (name === '') throw invalid(input, 'it is empty');
  if (name !== name.toLowerCase()) {
    throw invalid(name, 'npm package names are lowercase', `try ${JSON.stringify(name.toLowerCase())}`);
  }
  const slash = name.indexOf('/');
  const scope = name.startsWith('@') ? name.slice(0, slash === -1 ? name.length : slash) : undefined;
  const base = scope ? name.slice(scope.length + 1) : name;
  if (scope !== undefined) {
    if (slash === -1 || base === '') throw invalid(name, 'a scoped name needs a name after the scope');
    if (!SCOPE.test(scope))
      throw invalid(name, `the scope ${JSON.stringify(scope)} is not a valid npm scope`);
    if (scope === '@glueflow') {
      throw invalid(
        name,
        'the @glueflow scope is reserved for the plugins the Glueflow project ships',
        'publish under your own scope (@acme/teams-notify) or unscoped (teams-notify)',
      );
    }
  } else if (slash !== -1) {
    throw invalid(name, 'only a scope may be followed by "/"');
  }
  const shortName = base.startsWith(PLUGIN_PREFIX) ? base.slice(PLUGIN_PREFIX.length) : base;
  if (shortName === '') throw invalid(name, `nothing follows "${PLUGIN_PREFIX}"`);
  if (!SHORT.test(shortName)) {
    throw invalid(
      name,
      `${JSON.stringify(shortName)} must be kebab-case: lowercase letters, digits and single hyphens, starting with a letter`,
    );
  }
  const directoryName = `${PLUGIN_PREFIX}${shortName}`;
  const packageName = scope ? `${scope}/${directoryName}` : directoryName;
  if (packageName.length > MAX_LENGTH) {
    throw invalid(
      name,
      `the package name would be ${packageName.length} characters (npm allows ${MAX_LENGTH})`,
    );
  }
  return {
    packageName,
    ...(scope ? { scope } : {}),
    shortName,
    configName: scope ? `${scope}/${shortName}` : shortName,
    directoryName,
  };
}
