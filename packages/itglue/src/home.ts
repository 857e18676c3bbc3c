/**
 * Glueflow's home folder: where the shared rate budget lives (and, for @glueflow/core, the cache and
 * the state). Every process using one API key on this machine shares the budget through it, so a
 * script built on this package and the `glueflow` CLI never together exceed IT Glue's limit.
 *
 * A folder Glueflow creates is 0700. A folder that already exists keeps its mode — it may be shared,
 * and chmod-ing `GLUEFLOW_HOME=/tmp` as root would lock every other user out of /tmp — but one every
 * user can write is refused: anyone could plant or swap the SQLite files in it.
 */
import { statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createError } from './errors/index.js';

const OTHER_WRITE = 0o002;

/** GLUEFLOW_HOME, else the XDG cache folder ($XDG_CACHE_HOME/glueflow, default ~/.cache/glueflow). */
export function resolveGlueflowHome(env: Record<string, string | undefined>): string {
  if (env.GLUEFLOW_HOME) return path.resolve(env.GLUEFLOW_HOME);
  const cacheRoot = env.XDG_CACHE_HOME ? path.resolve(env.XDG_CACHE_HOME) : path.join(os.homedir(), '.cache');
  return path.join(cacheRoot, 'glueflow');
}

/** Why Glueflow may not keep its files in an existing folder, or null when it may. */
export function unsafeHomeReason(folder: { mode: number }, platform = process.platform): string | null {
  if (platform === 'win32') return null; // no POSIX mode bits to go by
  if (folder.mode & OTHER_WRITE) return 'every user can write that folder';
  return null;
}

/** Throws ECACHE_UNSAFE_HOME for an existing folder every user can write. */
export function assertSafeFolder(folder: string, stat: { mode: number } = statSync(folder)): void {
  const reason = unsafeHomeReason(stat);
  if (reason) throw createError('ECACHE_UNSAFE_HOME', { folder, reason }, { where: folder });
}
