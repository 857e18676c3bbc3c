/**
 * Storage failures as catalogue errors (errors/cache-errors.ts). Every SQLite or file-system error
 * leaves the storage layer through `toStorageError`, so a caller sees `ECACHE_CORRUPT`,
 * `ECACHE_LOCKED` or `ECACHE_IO` naming the file and the fix, never a bare `SQLITE_NOTADB` trace.
 */
import { GlueflowError, createError, isGlueflowError } from '../errors/index.js';

export type FileErrorCode = 'ECACHE_CORRUPT' | 'ECACHE_LOCKED' | 'ECACHE_IO';

export function storageError(code: FileErrorCode, file: string, cause?: unknown): GlueflowError {
  const detail = cause instanceof Error ? cause.message.split('\n')[0] : undefined;
  return createError(code, detail ? { file, detail } : { file }, {
    where: file,
    ...(cause ? { cause } : {}),
  });
}

/** A caller's mistake: an unknown type, a bad namespace, an instance name that is no file name. */
export function usageError(what: string, expected: string): GlueflowError {
  return createError('ECACHE_USAGE', { what, expected }, { where: 'metadata cache' });
}

/** Bad input to the state store. */
export function stateError(what: string, expected: string, where: string): GlueflowError {
  return createError('ESTATE_INVALID', { what, expected }, { where });
}

const CODES: Record<string, FileErrorCode> = {
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
  if (error instanceof GlueflowError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const mapped = typeof code === 'string' ? CODES[code] : undefined;
  return mapped ? storageError(mapped, file, error) : error;
}

export function isStorageError(error: unknown, code?: FileErrorCode): error is GlueflowError {
  return isGlueflowError(error, code);
}
