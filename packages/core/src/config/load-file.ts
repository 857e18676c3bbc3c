/**
 * Finds and reads config files (read-file.ts: a search that stops at the project, git or home
 * folder, and only files nobody else could have written), following `extends` (relative paths
 * resolve against the declaring file, package names through Node's ESM resolution). Problems are
 * collected, not thrown, so one pass reports everything.
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { resolve as resolveSpecifier } from 'import-meta-resolve';
import { configFileSchema } from './schema.js';
import type { ConfigFile } from './schema.js';
import {
  BAD_REFERENCE,
  configProblem,
  describeHidden,
  describeValue,
  formatKeyPath,
  zodIssuesToProblems,
} from './problems.js';
import type { ConfigProblem } from './problems.js';
import { MAX_YAML_ALIASES, readConfigFile, searchConfigFile } from './read-file.js';
import { expandsBeyond, MAX_CONFIG_NODES, scanForSecrets } from './secret-scan.js';
import type { SecretFinding } from './secret-scan.js';
import { LITERAL_SECRET_HINT, SECRET_EXPECTED } from './secrets.js';
import { UntrustedConfigFile } from './trust.js';

export { MODULE_NAME, SEARCH_PLACES } from './read-file.js';

/** One config file as read, before merging: the layer order is base → … → the file itself. */
export interface ConfigLayer {
  filepath: string;
  config: ConfigFile;
}

export interface FileLoadResult {
  /** The file found or named; null when no config exists. */
  filepath: string | null;
  /** Layers in merge order: deepest `extends` first, the file itself last. */
  layers: ConfigLayer[];
  problems: ConfigProblem[];
}

function readError(file: string, error: unknown): ConfigProblem {
  if (error instanceof UntrustedConfigFile) {
    return configProblem(error.file, '(file)', {
      reason: `refusing to read this config: ${error.reason}`,
      expected: 'a file owned by you (or root) that no other user can write',
      hint:
        'config files run code (JavaScript configs, `extends`, plugin paths): if this file is yours, ' +
        '`chown` it to yourself and `chmod go-w` it and its folder; if it is not, delete it',
    });
  }
  const e = (error ?? {}) as {
    name?: string;
    message?: string;
    filepath?: string;
    mark?: { line: number; column: number };
    linePos?: Array<{ line: number; col: number }>;
  };
  if (e.name === 'ReferenceError' && /alias/i.test(e.message ?? '')) {
    return configProblem(e.filepath ?? file, '(file)', {
      reason: `cannot read config: more than ${MAX_YAML_ALIASES} YAML aliases expanded`,
      hint: 'YAML anchors (&name) and aliases (*name) are limited per file; write the repeated options out, or use extends',
    });
  }
  // `yaml` errors carry 1-based `linePos`; the message's first line never quotes the file's text.
  const where =
    e.mark ?? (e.linePos?.[0] ? { line: e.linePos[0].line - 1, column: e.linePos[0].col - 1 } : undefined);
  // Only the first line: later lines of a YAML error quote the file, and that may be a secret.
  const reason = (e.message ?? String(error)).split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  return configProblem(
    e.filepath ?? file,
    where ? `line ${where.line + 1}, column ${where.column + 1}` : '(file)',
    {
      reason: `cannot read config: ${reason}`,
      hint: 'fix the syntax at the place shown (YAML: indentation and quoting; JSON: commas and quotes)',
    },
  );
}

export async function loadConfigFiles(options: {
  cwd: string;
  configFile?: string;
  /** The home folder: the search never climbs above it. Default: HOME from the environment. */
  home?: string;
}): Promise<FileLoadResult> {
  const problems: ConfigProblem[] = [];
  let filepath: string | null = null;
  let raw: unknown;
  try {
    const result = options.configFile
      ? await readConfigFile(path.resolve(options.cwd, options.configFile))
      : await searchConfigFile(options.cwd, options.home);
    if (!result) return { filepath: null, layers: [], problems };
    filepath = result.filepath;
    raw = result.config ?? {};
  } catch (error) {
    const file = options.configFile
      ? path.resolve(options.cwd, options.configFile)
      : ((error as { filepath?: string }).filepath ?? options.cwd);
    const missing = (error as { code?: string }).code === 'ENOENT';
    problems.push(
      missing
        ? configProblem(file, '(file)', { reason: 'config file not found', hint: 'check the --config path' })
        : readError(file, error),
    );
    return { filepath: options.configFile ? file : null, layers: [], problems };
  }
  const layers: ConfigLayer[] = [];
  await readLayer(filepath, raw, layers, problems, [filepath]);
  return { filepath, layers, problems };
}

/** A secret-shaped value as a problem: where and what shape, never the value. */
function secretProblem(file: string, finding: SecretFinding): ConfigProblem {
  const keyPath = formatKeyPath(finding.path);
  switch (finding.shape) {
    case 'literal':
      return configProblem(file, keyPath, {
        reason: 'literal secret in config',
        expected: SECRET_EXPECTED,
        actual: describeHidden(finding.value),
        hint: LITERAL_SECRET_HINT,
      });
    case 'list':
      return configProblem(file, keyPath, {
        reason: 'a secret takes one reference, not a list',
        expected: SECRET_EXPECTED,
        actual: describeHidden(finding.value),
        hint: LITERAL_SECRET_HINT,
      });
    case 'bad-reference':
      return configProblem(file, keyPath, { ...BAD_REFERENCE, actual: describeHidden(finding.value) });
    case 'url-credentials':
      return configProblem(file, keyPath, {
        reason: 'credentials in a URL',
        expected: 'a URL without user:password@',
        actual: describeValue(finding.value),
        hint: "give the credential through the plugin's secret option ({ env: NAME } or { keychain: NAME })",
      });
  }
}

async function readLayer(
  filepath: string,
  raw: unknown,
  layers: ConfigLayer[],
  problems: ConfigProblem[],
  chain: string[],
): Promise<void> {
  // A tree that expands beyond any real config (aliases, shared or cyclic objects in a JS config)
  // is refused before the schema check walks it as a tree.
  if (expandsBeyond(raw)) {
    problems.push(
      configProblem(filepath, '(file)', {
        reason: `config too large: more than ${MAX_CONFIG_NODES} values once shared values are expanded`,
        hint: 'a JavaScript config may share objects but not build huge or cyclic trees; YAML aliases count too',
      }),
    );
    return;
  }
  for (const finding of scanForSecrets(raw).findings) problems.push(secretProblem(filepath, finding));
  const parsed = configFileSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) {
    problems.push(...zodIssuesToProblems(parsed.error.issues, filepath, [], configFileSchema));
    return;
  }
  const config = parsed.data as ConfigFile;
  const parents = config.extends === undefined ? [] : [config.extends].flat();
  for (const [index, specifier] of parents.entries()) {
    const keyPath = Array.isArray(config.extends) ? `extends[${index}]` : 'extends';
    const target = resolveExtends(specifier, filepath);
    if (!target) {
      problems.push(
        configProblem(filepath, keyPath, {
          reason: 'cannot find the extended config',
          expected: 'a path relative to this file or an installed package',
          actual: describeValue(specifier),
        }),
      );
      continue;
    }
    if (chain.includes(target)) {
      problems.push(
        configProblem(filepath, keyPath, { reason: `extends cycle: ${[...chain, target].join(' → ')}` }),
      );
      continue;
    }
    try {
      const result = await readConfigFile(target);
      await readLayer(target, result.config ?? {}, layers, problems, [...chain, target]);
    } catch (error) {
      problems.push(readError(target, error));
    }
  }
  layers.push({ filepath, config });
}

function resolveExtends(specifier: string, from: string): string | null {
  if (specifier.startsWith('.') || path.isAbsolute(specifier))
    return path.resolve(path.dirname(from), specifier);
  try {
    return fileURLToPath(resolveSpecifier(specifier, pathToFileURL(from).href));
  } catch {
    return null;
  }
}
