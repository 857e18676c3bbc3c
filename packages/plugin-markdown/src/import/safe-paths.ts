/**
 * Reading files a docs folder points at, where the folder may come from anyone (a cloned repo, a
 * wiki export): a symbolic link — to a file or to a folder on the way — can lead anywhere, and path
 * text says nothing about where. So every read resolves the real path, which must lie inside the
 * config folder's real path, and opens it without following a link planted since (O_NOFOLLOW) and
 * without waiting on a named pipe (O_NONBLOCK; anything but a regular file is refused after fstat).
 * Writes go through core's writeFileWithin, which holds the same rule.
 */
import fs from 'node:fs';
import path from 'node:path';
import { isWithin } from '@glueflow/core';

/** Why a path may not be read; the caller turns it into its own message (image, file). */
export class UnsafePath extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'UnsafePath';
  }
}

/** True when a segment of the (relative) path is hidden: `.git/config`, `.env`, `img/.secret.png`. */
export function hasDotSegment(relative: string): boolean {
  return relative
    .split(/[\\/]/)
    .some((segment) => segment.startsWith('.') && segment !== '.' && segment !== '..');
}

/** The real path of `file`, when it lies inside `realRoot` (itself a real path); else UnsafePath. */
export async function realPathWithin(realRoot: string, file: string): Promise<string> {
  let real: string;
  try {
    real = await fs.promises.realpath(file);
  } catch (error) {
    throw new UnsafePath(`it could not be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (!isWithin(realRoot, real)) throw new UnsafePath(`it leads outside the config folder (to ${real})`);
  return real;
}

export interface ReadWithin {
  /** The file's real path. */
  real: string;
  /** The content; absent when the file is larger than `maxBytes` (then only `size` is known). */
  bytes?: Buffer;
  size: number;
}

/**
 * Reads a regular file whose real path lies inside `realRoot`. Hidden segments in the real path
 * (relative to the root) are refused too when `noHidden` is set: `.git/`, `.env`, `.ssh/` hold secrets.
 */
export async function readFileWithin(
  realRoot: string,
  file: string,
  options: { maxBytes: number; noHidden?: boolean },
): Promise<ReadWithin> {
  const real = await realPathWithin(realRoot, file);
  if (options.noHidden && hasDotSegment(path.relative(realRoot, real))) {
    throw new UnsafePath(`it is a hidden file or inside a hidden folder (${path.relative(realRoot, real)})`);
  }
  let handle: fs.promises.FileHandle;
  try {
    const { O_RDONLY, O_NOFOLLOW = 0, O_NONBLOCK = 0 } = fs.constants;
    handle = await fs.promises.open(real, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
  } catch (error) {
    throw new UnsafePath(`it could not be opened (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new UnsafePath('it is not a regular file');
    if (stat.size > options.maxBytes) return { real, size: stat.size };
    const bytes = await handle.readFile();
    // It may have grown since fstat.
    return bytes.length > options.maxBytes
      ? { real, size: bytes.length }
      : { real, bytes, size: bytes.length };
  } finally {
    await handle.close();
  }
}

/** The real path of the config folder (the root every read and write must stay inside). */
export function realRootOf(baseDir: string): Promise<string> {
  return fs.promises.realpath(baseDir);
}
