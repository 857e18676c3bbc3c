/**
 * `.eml` files and `.mbox` files under a folder, recursively, in a stable (sorted) order. Every run
 * reads them all; the write gate's mappings make unchanged messages cost no IT Glue write.
 */
import { opendir, readFile, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { emailError } from '../errors.js';
import { readMbox } from './mbox-reader.js';
import type { MailSource, RawMessage } from './source-types.js';

export interface DirectorySourceOptions {
  path: string;
  recursive: boolean;
  /** Folder relative paths resolve against (the config file's folder). */
  baseDir: string;
}

export function directorySource(options: DirectorySourceOptions): MailSource {
  const root = resolve(options.baseDir, options.path);
  return {
    label: `directory ${options.path}`,
    async *messages(signal) {
      const info = await stat(root).catch((error: NodeJS.ErrnoException) => {
        throw emailError('EEMAIL_SOURCE_PATH', { path: root, reason: error.code ?? error.message });
      });
      if (!info.isDirectory())
        throw emailError('EEMAIL_SOURCE_PATH', { path: root, reason: 'not a directory' });
      for await (const file of walk(root, options.recursive)) {
        if (signal.aborted) return;
        // Relative to the config file's folder when inside it (stable across machines), else absolute.
        const near = relative(options.baseDir, file);
        const where = near && !near.startsWith('..') ? near : file;
        if (file.toLowerCase().endsWith('.eml')) {
          yield { where, raw: await readFile(file) } satisfies RawMessage;
          continue;
        }
        let index = 0;
        for await (const raw of readMbox(file, signal)) {
          index += 1;
          yield { where: `${where}#${index}`, raw };
        }
      }
    },
    settle() {},
    async commit() {},
    async close() {},
  };
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
