/**
 * The storage layer's failures, as the catalogue's coded errors. Every SQLite or file-system error
 * leaves this layer through `toStorageError`, so a caller sees `ECACHE_CORRUPT`, `ECACHE_LOCKED` or
 * `ECACHE_IO` naming the file and the fix, never a bare `SQLITE_NOTADB` stack trace.
 */

export type StorageErrorCode =
  | 'ECACHE_CORRUPT'
  | 'ECACHE_LOCKED'
  | 'ECACHE_IO'
  | 'ECACHE_USAGE'
  | 'ESTATE_INVALID'
  | 'ESTATE_UNKNOWN_JOURNAL';

/**
 * Until the shared catalogue in src/errors lands, storage errors are built here and only here, so
 * switching to `GlueflowError` is a one-function change.
 */
export class StorageError extends Error {
  readonly code: StorageErrorCode;
  readonly hint: string;
  readonly where: string;
  constructor(code: StorageErrorCode, message: string, hint: string, where: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'GlueflowError';
    this.code = code;
    this.hint = hint;
    this.where = where;
  }
}

const CLEAR_HINT =
  'run `glueflow cache clear` to delete and rebuild the file (this also drops the state store: ' +
  'source-key mappings and the write journal), or move the file aside and run again';

type FileErrorCode = 'ECACHE_CORRUPT' | 'ECACHE_LOCKED' | 'ECACHE_IO';

const MESSAGES: Record<FileErrorCode, (file: string) => [string, string]> = {
  ECACHE_CORRUPT: (file) => [
    `The glueflow cache file ${file} is corrupt or not a SQLite database.`,
    CLEAR_HINT,
  ],
  ECACHE_LOCKED: (file) => [
    `The glueflow cache file ${file} stayed locked by another process.`,
    'wait for the other glueflow run to finish, raise `cache.lockTimeoutMs`, or, if no glueflow process is ' +
      'running, run `glueflow cache clear`',
  ],
  ECACHE_IO: (file) => [
    `The glueflow cache file ${file} cannot be read or written.`,
    'check that the folder exists and is writable by you (mode 0700) and that the disk is not full; ' +
      'set GLUEFLOW_HOME to use another folder',
  ],
};

export function storageError(code: FileErrorCode, file: string, cause?: unknown): StorageError {
  const [message, hint] = MESSAGES[code](file);
  const detail = describeCause(cause);
  return new StorageError(code, detail ? `${message} (${detail})` : message, hint, file, cause);
}

/** A caller's mistake: an unknown type, a bad namespace, an instance name that is no file name. */
export function usageError(message: string, hint: string): StorageError {
  return new StorageError('ECACHE_USAGE', message, hint, 'cache');
}

/** Bad input to the state store, or a journal id it does not know. */
export function stateError(
  code: 'ESTATE_INVALID' | 'ESTATE_UNKNOWN_JOURNAL',
  message: string,
  hint: string,
  where: string,
): StorageError {
  return new StorageError(code, message, hint, where);
}

const SQLITE_CODES: Record<string, FileErrorCode> = {
  SQLITE_CORRUPT: 'ECACHE_CORRUPT',
  SQLITE_NOTADB: 'ECACHE_CORRUPT',
  SQLITE_BUSY: 'ECACHE_LOCKED',
  SQLITE_LOCKED: 'ECACHE_LOCKED',
  SQLITE_CANTOPEN: 'ECACHE_IO',
  SQLITE_READONLY: 'ECACHE_IO',
  SQLITE_IOERR: 'ECACHE_IO',
  SQLITE_FULL: 'ECACHE_IO',
  SQLITE_PERM: 'ECACHE_IO',
  SQLITE_PROTOCOL: 'ECACHE_IO',
  EACCES: 'ECACHE_IO',
  EPERM: 'ECACHE_IO',
  EROFS: 'ECACHE_IO',
  ENOSPC: 'ECACHE_IO',
  ENOTDIR: 'ECACHE_IO',
  EISDIR: 'ECACHE_IO',
  EEXIST: 'ECACHE_IO',
};

/** Maps SQLite and fs failures to coded errors; anything else (a bug in our SQL) passes through. */
export function toStorageError(error: unknown, file: string): unknown {
  if (error instanceof StorageError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const mapped = typeof code === 'string' ? SQLITE_CODES[code] : undefined;
  return mapped ? storageError(mapped, file, error) : error;
}

export function isStorageError(error: unknown, code?: StorageErrorCode): error is StorageError {
  return error instanceof StorageError && (code === undefined || error.code === code);
}

function describeCause(cause: unknown): string | undefined {
  if (!(cause instanceof Error)) return undefined;
  // sqlite3 messages look like "SQLITE_NOTADB: file is not a database": one line, no path, safe to show.
  return cause.message.split('\n')[0];
}
