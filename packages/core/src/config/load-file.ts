/**
 * Finds and reads config files with cosmiconfig, following `extends` (relative paths resolve
 * against the declaring file, package names through Node's ESM resolution). Problems are
 * collected, not thrown, so one pass reports everything.
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { cosmiconfig } from 'cosmiconfig';
import { resolve as resolveSpecifier } from 'import-meta-resolve';
import { configFileSchema } from './schema.js';
import type { ConfigFile } from './schema.js';
import { describeValue, formatKeyPath, zodIssuesToProblems } from './problems.js';
import type { ConfigProblem } from './problems.js';
import { findLiteralSecrets, LITERAL_SECRET_HINT } from './secrets.js';

export const MODULE_NAME = 'glueflow';

/** Written down once, in order: the first that exists wins (stylelint's habit). */
export const SEARCH_PLACES = [
  'package.json',
  '.glueflowrc',
  '.glueflowrc.json',
  '.glueflowrc.yaml',
  '.glueflowrc.yml',
  '.glueflowrc.js',
  '.glueflowrc.mjs',
  '.glueflowrc.cjs',
  'glueflow.config.ts',
  'glueflow.config.mjs',
  'glueflow.config.js',
  'glueflow.config.cjs',
];

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

function explorer() {
  // searchStrategy 'project': look in cwd and its parents up to the nearest package.json.
  return cosmiconfig(MODULE_NAME, { searchPlaces: SEARCH_PLACES, searchStrategy: 'project', cache: false });
}

function readError(file: string, error: unknown): ConfigProblem {
  // cosmiconfig's YAML errors carry the file, js-yaml's `reason` and a 0-based `mark`.
  const e = (error ?? {}) as {
    message?: string;
    reason?: string;
    filepath?: string;
    mark?: { line: number; column: number };
  };
  const where = e.mark ?? parseMark(e.message ?? '');
  return {
    file: e.filepath ?? file,
    path: where ? `line ${where.line + 1}, column ${where.column + 1}` : '(file)',
    message: `cannot read config: ${e.reason ?? (e.message ?? String(error)).split('\n')[0]}`,
    hint: 'fix the syntax at the place shown (YAML: indentation and quoting; JSON: commas and quotes)',
  };
}

/** JSON parse errors only say "at position N" or "(line:col)" in the message. */
function parseMark(message: string): { line: number; column: number } | undefined {
  const m = /line (\d+) column (\d+)|\((\d+):(\d+)\)/.exec(message);
  if (!m) return undefined;
  return { line: Number(m[1] ?? m[3]) - 1, column: Number(m[2] ?? m[4]) - 1 };
}

export async function loadConfigFiles(options: {
  cwd: string;
  configFile?: string;
}): Promise<FileLoadResult> {
  const problems: ConfigProblem[] = [];
  let filepath: string | null = null;
  let raw: unknown;
  try {
    const result = options.configFile
      ? await explorer().load(path.resolve(options.cwd, options.configFile))
      : await explorer().search(options.cwd);
    if (!result) return { filepath: null, layers: [], problems };
    filepath = result.filepath;
    raw = result.isEmpty ? {} : result.config;
  } catch (error) {
    const file = options.configFile ? path.resolve(options.cwd, options.configFile) : options.cwd;
    const missing = (error as { code?: string }).code === 'ENOENT';
    problems.push(
      missing
        ? { file, path: '(file)', message: 'config file not found', hint: 'check the --config path' }
        : readError(file, error),
    );
    return { filepath: options.configFile ? file : null, layers: [], problems };
  }
  const layers: ConfigLayer[] = [];
  await readLayer(filepath, raw, layers, problems, [filepath]);
  return { filepath, layers, problems };
}

async function readLayer(
  filepath: string,
  raw: unknown,
  layers: ConfigLayer[],
  problems: ConfigProblem[],
  chain: string[],
): Promise<void> {
  const parsed = configFileSchema.safeParse(raw, { reportInput: true });
  for (const literal of findLiteralSecrets(raw)) {
    problems.push({
      file: filepath,
      path: formatKeyPath(literal.path),
      message: 'literal secret in config',
      expected: '{ env: NAME } or { keychain: NAME }',
      found: 'a string (value not shown)',
      hint: LITERAL_SECRET_HINT,
    });
  }
  if (!parsed.success) {
    problems.push(...zodIssuesToProblems(parsed.error.issues, filepath));
    return;
  }
  const config = parsed.data as ConfigFile;
  const parents = config.extends === undefined ? [] : [config.extends].flat();
  for (const [index, specifier] of parents.entries()) {
    const keyPath = Array.isArray(config.extends) ? `extends[${index}]` : 'extends';
    const target = resolveExtends(specifier, filepath);
    if (!target) {
      problems.push({
        file: filepath,
        path: keyPath,
        message: 'cannot find the extended config',
        expected: 'a path relative to this file or an installed package',
        found: describeValue(specifier),
      });
      continue;
    }
    if (chain.includes(target)) {
      problems.push({
        file: filepath,
        path: keyPath,
        message: `extends cycle: ${[...chain, target].join(' → ')}`,
      });
      continue;
    }
    try {
      const result = await explorer().load(target);
      await readLayer(target, result?.config ?? {}, layers, problems, [...chain, target]);
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
