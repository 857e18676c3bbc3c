/**
 * The markdown files a step imports: its globs (tinyglobby, relative to the config file), each match
 * resolved to its real path. A match whose real path leads outside the config folder, or into a
 * hidden folder the match itself did not name (`docs/env.md` → `../.env`), is refused with a message;
 * matches that are one file (a link beside its target, a folder linked into itself) count once.
 *
 * tinyglobby follows symbolic links to folders (fdir underneath). Inside the config folder that is
 * wanted (a shared folder linked into a docs tree) and fdir stops at loops; a link to a folder
 * *outside* must not be walked at all (`ln -s / docs/root` would crawl the whole disk), so the
 * crawler's `stat` answers "not a folder" for any real path outside the root. Such a link then shows
 * up as a plain match when its name fits a glob, and is refused below like any other file outside.
 */
import fs from 'node:fs';
import path from 'node:path';
import { isWithin } from '@glueflow/core';
import { glob } from 'tinyglobby';
import type { FileSystemAdapter } from 'tinyglobby';
import { hasDotSegment } from './safe-paths.js';

/** No docs tree is deeper; a bound on the walk whatever links do. */
const MAX_DEPTH = 64;

export interface FoundFile {
  /** Real path: what is read, what links between files resolve to. */
  real: string;
  /** The path as matched (absolute): what the file is called in messages, sourceKeys and writes. */
  path: string;
}

export interface FoundFiles {
  files: FoundFile[];
  refused: Array<{ path: string; reason: string }>;
}

export async function findMarkdownFiles(baseDir: string, patterns: string[]): Promise<FoundFiles> {
  const realRoot = await fs.promises.realpath(baseDir);
  const matched = await glob(patterns, {
    cwd: baseDir,
    absolute: true,
    onlyFiles: true,
    ignore: ['**/node_modules/**', '**/.git/**'],
    expandDirectories: false,
    followSymbolicLinks: true,
    deep: MAX_DEPTH,
    fs: crawlerFs(realRoot),
  });
  const byReal = new Map<string, FoundFile>();
  const refused: FoundFiles['refused'] = [];
  const refusedReal = new Set<string>();
  for (const file of [...new Set(matched.map((m) => path.resolve(m)))].sort()) {
    const real = await fs.promises.realpath(file).catch(() => undefined);
    const reason = refusal(realRoot, baseDir, file, real);
    if (reason || !real) {
      // Once per target: a loop (docs/loop → ..) shows the same link under many names.
      if (real === undefined || !refusedReal.has(real))
        refused.push({ path: file, reason: reason ?? 'it could not be resolved' });
      if (real !== undefined) refusedReal.add(real);
      continue;
    }
    const known = byReal.get(real);
    // The file under its own name wins over a link to it, whatever the order.
    if (!known || (known.path !== real && file === real)) byReal.set(real, { real, path: file });
  }
  const files = [...byReal.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, refused };
}

function refusal(realRoot: string, baseDir: string, file: string, real: string | undefined) {
  if (real === undefined) return 'it is a broken symbolic link';
  if (!isWithin(realRoot, real)) return `it leads outside the config folder (to ${real})`;
  const realRelative = path.relative(realRoot, real);
  if (hasDotSegment(realRelative) && !hasDotSegment(path.relative(baseDir, file)))
    return `it leads into a hidden file or folder (${realRelative})`;
  return undefined;
}

/** node:fs, except that a real path outside the root is never a folder to walk into. */
function crawlerFs(realRoot: string): FileSystemAdapter {
  const notAFolder = { isDirectory: () => false, isFile: () => true } as fs.Stats;
  type StatCallback = (error: NodeJS.ErrnoException | null, stats: fs.Stats) => void;
  const stat = (file: fs.PathLike, ...rest: unknown[]) => {
    const callback = rest[rest.length - 1] as StatCallback;
    if (!isWithin(realRoot, String(file))) return callback(null, notAFolder);
    fs.stat(file, callback);
  };
  const statSync = (file: fs.PathLike) => (isWithin(realRoot, String(file)) ? fs.statSync(file) : notAFolder);
  return { stat: stat as typeof fs.stat, statSync: statSync as typeof fs.statSync };
}
