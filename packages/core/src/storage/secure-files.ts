/**
 * The cache file holds organization names, configuration metadata and the state store: it is
 * private to the user, kept by the one SQLite access policy of @glueflow/itglue (sqlite-access.ts),
 * which the rate budget's file follows too. Here: its failures as the cache's coded errors.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { preparePrivateFile, preparePrivateFolder } from '@glueflow/itglue';
import { isGlueflowError } from '../errors/index.js';
import { storageError } from './storage-errors.js';

const SQLITE_HEADER = Buffer.from('SQLite format 3\u0000', 'latin1');

/**
 * Creates the folder (and missing parents) with mode 0700, or checks an existing one without
 * touching its mode.
 */
export async function ensurePrivateFolder(folder: string, file: string): Promise<void> {
  try {
    await preparePrivateFolder(folder);
  } catch (error) {
    if (isGlueflowError(error)) throw error;
    throw storageError('ECACHE_IO', file, error);
  }
}

/** Creates the file if it is missing (mode 0600) and tightens an existing one. */
export async function ensurePrivateFile(file: string): Promise<void> {
  try {
    await preparePrivateFile(file);
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

export function folderOf(file: string): string {
  return path.dirname(file);
}
