/**
 * How Glueflow keeps its SQLite files: the rate budget's here, the cache and state store's in
 * @glueflow/core. One policy for both, because both files hold what only their user should read (API
 * key ids, organization names, run state) and both are shared by several processes at once.
 *
 * - Private files: a folder Glueflow creates is 0700, an existing one must pass the home-folder rule
 *   (home.ts); the file is created 0600, so it never exists with a looser mode, and tightened when it
 *   is ours. SQLite gives its -wal/-shm/-journal files the database file's mode, so they follow.
 * - Busy files: each statement waits the connection's busy timeout for another process's lock; a
 *   transaction that still meets SQLITE_BUSY (raised without waiting, e.g. on a WAL lock upgrade) is
 *   tried again, with capped and jittered backoff, until `retryForMs` has passed.
 */
import { constants, promises as fs } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { assertSafeFolder } from './home.js';

export const SQLITE_FOLDER_MODE = 0o700;
export const SQLITE_FILE_MODE = 0o600;

/** Creates the folder (and missing parents) 0700, or checks an existing one without touching its mode. */
export async function preparePrivateFolder(folder: string): Promise<void> {
  const created = await fs.mkdir(folder, { recursive: true, mode: SQLITE_FOLDER_MODE });
  if (created === undefined) assertSafeFolder(folder, await fs.stat(folder));
}

/** Creates the file if it is missing (0600) and tightens an existing one this user owns. */
export async function preparePrivateFile(file: string): Promise<void> {
  const handle = await fs.open(file, constants.O_RDWR | constants.O_CREAT, SQLITE_FILE_MODE);
  await handle.close();
  const stat = await fs.stat(file);
  // Only the owner can chmod; a file someone else owns is left as it is.
  if (typeof process.getuid === 'function' && stat.uid !== process.getuid()) return;
  if ((stat.mode & 0o777) !== SQLITE_FILE_MODE) await fs.chmod(file, SQLITE_FILE_MODE);
}

/** SQLite's "another connection holds the lock" codes. */
export function isSqliteBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
}

export interface BusyRetry {
  /** How long to keep trying a busy file before the last error is thrown. */
  retryForMs: number;
  /** Whether an error means "busy" (a caller that maps SQLite's codes to its own passes its test). */
  isBusy?: (error: unknown) => boolean;
}

/**
 * Runs `attempt` (which must begin its own transaction) again while it fails because the file is busy.
 * Full jitter, capped at 1 s: two processes that collided should not collide again in lockstep.
 */
export async function retryWhileBusy<T>(attempt: () => Promise<T>, retry: BusyRetry): Promise<T> {
  const isBusy = retry.isBusy ?? isSqliteBusy;
  const deadline = Date.now() + retry.retryForMs;
  for (let round = 0; ; round++) {
    try {
      return await attempt();
    } catch (error) {
      if (!isBusy(error) || Date.now() >= deadline) throw error;
      await sleep(Math.random() * Math.min(1000, 10 * 2 ** round));
    }
  }
}
