/**
 * `.eml` files and `.mbox` files under a folder, recursively, in a stable (sorted) order. Every run
 * reads them all; the write gate's mappings make unchanged messages cost no IT Glue write.
 */
import { open, opendir, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { emailError } from '../errors.js';
import { readMbox } from './mbox-reader.js';
import type { MailSource, RawMessage } from './source-types.js';

export interface DirectorySourceOptions {
  path: string;
  recursive: boolean;
  /** Folder relative paths resolve against (the config file's folder). */
  baseDir: string;
  /** Larger messages are not read (a `.eml` by its size, an mbox message while it streams). */
  maxMessageBytes: number;
  /**
   * A batch of a split run (`ctx.targets`): only these files, named as `listDirectoryFiles` names them.
   * The folder is still walked, so a name can only select a file that is there — never open another path.
   */
  only?: ReadonlySet<string>;
}

/** The files a run reads, in its order, named as messages name them (for splitting a run across workers). */
export async function listDirectoryFiles(options: DirectorySourceOptions): Promise<string[]> {
  const root = await checkedRoot(options);
  const files: string[] = [];
  for await (const file of walk(root, options.recursive)) files.push(nameOf(options, file));
  return files;
}

async function checkedRoot(options: DirectorySourceOptions): Promise<string> {
  const root = resolve(options.baseDir, options.path);
  const info = await stat(root).catch((error: NodeJS.ErrnoException) => {
    throw emailError('EEMAIL_SOURCE_PATH', { path: root, reason: error.code ?? error.message });
  });
  if (!info.isDirectory()) throw emailError('EEMAIL_SOURCE_PATH', { path: root, reason: 'not a directory' });
  return root;
}

/** Relative to the config file's folder when inside it (stable across machines), else absolute. */
function nameOf(options: DirectorySourceOptions, file: string): string {
  const near = relative(options.baseDir, file);
  return near && !near.startsWith('..') ? near : file;
}

export function directorySource(options: DirectorySourceOptions): MailSource {
  return {
    label: `directory ${options.path}`,
    async *messages(signal) {
      const root = await checkedRoot(options);
      for await (const file of walk(root, options.recursive)) {
        if (signal.aborted) return;
        const where = nameOf(options, file);
        if (options.only && !options.only.has(where)) continue;
        if (file.toLowerCase().endsWith('.eml')) {
          yield await readEml(file, where, options.maxMessageBytes);
          continue;
        }
        let index = 0;
        for await (const item of readMbox(file, { signal, maxMessageBytes: options.maxMessageBytes })) {
          index += 1;
          const at = `${where}#${index}`;
          yield 'raw' in item ? { where: at, raw: item.raw } : tooLarge(at, item.tooLarge);
        }
      }
    },
    settle() {},
    async commit() {},
    async close() {},
  };
}

/** The size is read from the open file, so a file that grows in between is still not read whole. */
async function readEml(file: string, where: string, maxBytes: number): Promise<RawMessage> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    if (size > maxBytes) return tooLarge(where, size);
    const raw = await handle.readFile();
    return raw.length > maxBytes ? tooLarge(where, raw.length) : { where, raw };
  } finally {
    await handle.close();
  }
}

function tooLarge(where: string, bytes: number): RawMessage {
  return { where, raw: new Uint8Array(), tooLarge: bytes };
}

async function* walk(folder: string, recursive: boolean): AsyncGenerator<string> {
  const entries: Array<{ name: string; dir: boolean }> = [];
  for await (const entry of await opendir(folder)) {
    if (entry.name.startsWith('.')) continue;
    if (entry.isDirectory()) entries.push({ name: entry.name, dir: true });
    else if (entry.isFile() && /\.(eml|mbox)$/i.test(entry.name))
      entries.push({ name: entry.name, dir: false });
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(folder, entry.name);
    if (!entry.dir) yield path;
    else if (recursive) yield* walk(path, recursive);
  }
}
