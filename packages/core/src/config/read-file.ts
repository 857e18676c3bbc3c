/**
 * Finding and reading config files. cosmiconfig's loaders parse JSON, JavaScript and TypeScript, but
 * its explorer is not used: creating one reads (and runs) a `.config/config.mjs` "meta config" from
 * the process's folder, follows `$import` to any file, and a project search climbs to `/` when no
 * package.json is above. Here the search stops at the project, git or home folder, every file is
 * checked (trust.ts) before it is read, and YAML goes through `yaml` with its alias limit.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { defaultLoaders } from 'cosmiconfig';
import { parse as parseYaml } from 'yaml';
import { assertTrustedConfigFile } from './trust.js';

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

/**
 * Aliases expanded per YAML file at most (`yaml`'s own guard): plenty for sharing a few option
 * blocks, far below what a "billion laughs" document needs to exhaust memory and CPU.
 */
export const MAX_YAML_ALIASES = 100;

/** Folders whose presence ends the upward search: the project root and the repository root. */
const ROOT_MARKERS = ['package.json', '.git'];

export interface ReadResult {
  filepath: string;
  /** The file's config; `undefined` when the file is empty (or a package.json without `glueflow`). */
  config: unknown;
}

type Loader = (filepath: string, content: string) => unknown;

function loaderFor(filepath: string): Loader {
  const extension = path.extname(filepath);
  switch (extension) {
    case '.json':
      return loadJson;
    case '.js':
    case '.mjs':
    case '.cjs':
      return defaultLoaders['.js'];
    case '.ts':
      return defaultLoaders['.ts'];
    default:
      return loadYaml;
  }
}

/**
 * JSON.parse with an error that never quotes the file: V8 (and parse-json) put the text around the
 * mistake into the message, and that text may be a secret.
 */
function loadJson(_filepath: string, content: string): unknown {
  try {
    return JSON.parse(content) as unknown;
  } catch (error) {
    const message = (error as Error).message;
    const position = /at position (\d+)/.exec(message);
    const reason = /["`]|\.\.\./.test(message)
      ? 'invalid JSON'
      : message.replace(/ in JSON at position \d+.*$/, '').replace(/^Unexpected/, 'unexpected');
    const failure = new SyntaxError(reason);
    if (position) Object.assign(failure, { mark: markAt(content, Number(position[1])) });
    throw failure;
  }
}

/** 0-based line and column of a character offset. */
function markAt(content: string, offset: number): { line: number; column: number } {
  const before = content.slice(0, offset).split('\n');
  return { line: before.length - 1, column: before.at(-1)!.length };
}

function loadYaml(_filepath: string, content: string): unknown {
  return parseYaml(content, { maxAliasCount: MAX_YAML_ALIASES, merge: true });
}

/**
 * Reads one config file after checking who could have written it (a package.json is parsed first:
 * one without a `glueflow` key is no config, whoever owns it). Throws on every failure.
 */
export async function readConfigFile(filepath: string): Promise<ReadResult> {
  const isPackage = path.basename(filepath) === 'package.json';
  if (!isPackage) await assertTrustedConfigFile(filepath);
  const content = await fs.readFile(filepath, 'utf8');
  if (content.trim() === '') return { filepath, config: undefined };
  let config: unknown;
  try {
    config = await loaderFor(filepath)(filepath, content);
  } catch (error) {
    if (error && typeof error === 'object') Object.assign(error, { filepath });
    throw error;
  }
  if (isPackage) {
    config = (config as Record<string, unknown> | null)?.[MODULE_NAME];
    if (config !== undefined) await assertTrustedConfigFile(filepath);
  }
  return { filepath, config: config ?? undefined };
}

/**
 * The folders searched, nearest first: the start folder, then its parents up to (and including) the
 * first that holds package.json or .git, or is the home folder. With none of those above, only the
 * start folder is searched — never `/tmp` or `/`, where anyone may plant a file.
 */
export async function searchFolders(start: string, home: string | undefined): Promise<string[]> {
  const folders: string[] = [];
  const stop = home ? path.resolve(home) : undefined;
  for (let folder = path.resolve(start); ;) {
    folders.push(folder);
    if (folder === stop || (await holdsAny(folder, ROOT_MARKERS))) return folders;
    const parent = path.dirname(folder);
    if (parent === folder) return folders.slice(0, 1);
    folder = parent;
  }
}

async function holdsAny(folder: string, names: string[]): Promise<boolean> {
  for (const name of names) {
    if (await exists(path.join(folder, name))) return true;
  }
  return false;
}

async function exists(file: string): Promise<boolean> {
  return fs.lstat(file).then(
    () => true,
    () => false,
  );
}

/** The first config in the searched folders; empty files and package.json without `glueflow` are skipped. */
export async function searchConfigFile(start: string, home: string | undefined): Promise<ReadResult | null> {
  for (const folder of await searchFolders(start, home)) {
    for (const place of SEARCH_PLACES) {
      const candidate = path.join(folder, place);
      const stat = await fs.stat(candidate).catch(() => null);
      if (!stat?.isFile()) continue;
      const result = await readConfigFile(candidate);
      if (result.config !== undefined) return result;
    }
  }
  return null;
}
