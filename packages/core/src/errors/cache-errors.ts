/**
 * The metadata cache's and state store's part of the error catalogue. The file errors name the
 * file and the fix; `detail` is SQLite's own one-line reason ("file is not a database").
 * Codes are a public contract: never rename one, add a new one.
 */
import type { ErrorText } from '@glueflow/itglue';

const CLEAR =
  'run `glueflow cache clear` to delete and rebuild the file (it also drops the state store: source-key ' +
  'mappings and the write journal, so the next run adopts existing records by name), or move the file aside';

function reason(detail: string | undefined): string {
  return detail ? ` (${detail})` : '';
}

export const CACHE_ERRORS = {
  ECACHE_CORRUPT: (c: { file: string; detail?: string }): ErrorText => ({
    message: `the glueflow cache file ${c.file} is corrupt or not a SQLite database${reason(c.detail)}`,
    hint: CLEAR,
  }),
  ECACHE_LOCKED: (c: { file: string; detail?: string }): ErrorText => ({
    message: `the glueflow cache file ${c.file} stayed locked by another process${reason(c.detail)}`,
    hint:
      'wait for the other glueflow run to finish or raise the lock timeout; if no glueflow process is running, ' +
      'run `glueflow cache clear`',
  }),
  ECACHE_IO: (c: { file: string; detail?: string }): ErrorText => ({
    message: `the glueflow cache file ${c.file} cannot be read or written${reason(c.detail)}`,
    hint:
      'check that its folder is yours and writable (mode 0700) and the disk is not full; set GLUEFLOW_HOME ' +
      'to use another folder',
  }),
  ECACHE_USAGE: (c: { what: string; expected: string }): ErrorText => ({
    message: `the metadata cache cannot use ${c.what}`,
    hint: `expected ${c.expected} (see "Metadata cache" in the @glueflow/core README)`,
  }),
  ESTATE_INVALID: (c: { what: string; expected: string }): ErrorText => ({
    message: `the state store refused ${c.what}`,
    hint: `expected ${c.expected} (see "State store" in the @glueflow/core README)`,
  }),
  ESTATE_UNKNOWN_JOURNAL: (c: { what: string }): ErrorText => ({
    message: `the write journal has no entry ${c.what}`,
    hint: 'complete or abandon the id that begin() returned, on the same instance (state file)',
  }),
  ESTATE_LOCK_LOST: (c: { lock: string; token?: number }): ErrorText => ({
    message: `this run lost ${c.lock.replace(/^pipeline:/, 'the lock of pipeline ')}${c.token === undefined ? '' : ` (fencing token ${c.token})`}: it expired and another process holds it now, so nothing more is written by this run`,
    hint:
      'the process was paused or cut off from Redis longer than the lock lasts; the run holding the lock now ' +
      'does the work, and what this run created is journalled, so the next run adopts it without duplicates',
  }),
  ESTATE_CONFLICT: (c: { where: string; attempts: number }): ErrorText => ({
    message: `the state in ${c.where} kept changing under an update (${c.attempts} attempts)`,
    hint: 'another process is writing the same state entries at the same time; run again',
  }),
  ESTATE_REDIS: (c: { where: string; reason: string }): ErrorText => ({
    message: `the state store in Redis at ${c.where} cannot be used: ${c.reason}`,
    hint:
      'check that Redis is running and reachable, the password and TLS (rediss://) settings; ' +
      'see docs/scale-out.md',
  }),
  ESTORAGE_REDIS_URL: (c: { where: string; problem: string }): ErrorText => ({
    message: `the Redis URL in ${c.where} cannot be used: ${c.problem.trim()}`,
    hint:
      'give rediss://[user:password@]host:port[/db] (TLS), or redis:// only to 127.0.0.1 / ::1; ' +
      'keep it in the environment or the keychain (docs/scale-out.md)',
  }),
} as const;
