/**
 * The cache file holds organization names, configuration metadata and the state store: it is
 * private to the user. A folder glueflow creates is 0700 and the file 0600; SQLite gives its
 * -wal/-shm/-journal files the database file's mode, so they follow. An existing folder is judged by
 * the one home-folder rule of @glueflow/itglue (home.ts), which the rate budget's file follows too.
 */
import { constants, promises as fs } from 'node:fs';
import path from 'node:path';
import { assertSafeFolder } from '@glueflow/itglue';
import { isGlueflowError } from '../errors/index.js';
import { storageError } from './storage-errors.js';

const FOLDER_MODE = 0o700;
const FILE_MODE = 0o600;
const SQLITE_HEADER = Buffer.from('SQLite format 3\u0000', 'latin1');

/**
 * Creates the folder (and missing parents) with mode 0700, or checks an existing one without
 * touching its mode.
 */
export async function ensurePrivateFolder(folder: string, file: string): Promise<void> {
  try {
    const created = await fs.mkdir(folder, { recursive: true, mode: FOLDER_MODE });
    if (created === undefined) assertSafeFolder(folder, await fs.stat(folder));
  } catch (error) {
    if (isGlueflowError(error)) throw error;
    throw storageError('ECACHE_IO', file, error);
  }
}

/** Creates the file if it is missing (mode 0600) and tightens an existing one. */
export async function ensurePrivateFile(file: string): Promise<void> {
  try {
    const handle = await fs.open(file, constants.O_RDWR | constants.O_CREAT, FILE_MODE);
    await handle.close();
    await tightenMode(file, FILE_MODE);
  } catch (error) {
    throw storageError('ECACHE_IO', file, error);
  }
}

/**
 * A non-empty file that does not start with the SQLite header is not ours to open: say so up front
 * instead of letting the first query fail deep inside a read.
 */
export async function assertSqliteHeader(file: string): Promise<void> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(file, 'r');
    const header = Buffer.alloc(SQLITE_HEADER.length);
    const { bytesRead } = await handle.read(header, 0, header.length, 0);
    if (bytesRead === 0) return;
    if (bytesRead < header.length || !header.equals(SQLITE_HEADER))
      throw storageError('ECACHE_CORRUPT', file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    if (isGlueflowError(error, 'ECACHE_CORRUPT')) throw error;
    throw storageError('ECACHE_IO', file, error);
  } finally {
    await handle?.close();
  }
}

async function tightenMode(target: string, mode: number): Promise<void> {
  const stat = await fs.stat(target);
  // Only the owner can chmod; a file someone else owns is left as it is.
  if (typeof process.getuid === 'function' && stat.uid !== process.getuid()) return;
  if ((stat.mode & 0o777) !== mode) await fs.chmod(target, mode);
}

export function folderOf(file: string): string {
  return path.dirname(file);
}
