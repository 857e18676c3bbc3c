import path from 'node:path';
import { resolveGlueflowHome } from '../config/paths.js';
import { usageError } from './storage-errors.js';

export type Env = Record<string, string | undefined>;

/** Where an instance's SQLite file lives: an explicit file wins, else `<GLUEFLOW_HOME>/<instance>.sqlite`. */
export interface StorageLocation {
  /** An explicit path to the SQLite file. */
  file?: string;
  /** The instance name from the config (`default` when there is only one). */
  instance?: string;
  /** The environment to read GLUEFLOW_HOME / XDG_CACHE_HOME from; injected, never read at import time. */
  env?: Env;
}

// The instance name becomes a file name: keep it to characters that are safe on every file system
// and cannot climb out of the folder.
const INSTANCE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

export function resolveStorageFile(location: StorageLocation): string {
  if (location.file) return path.resolve(location.file);
  const instance = location.instance ?? 'default';
  if (!INSTANCE_NAME.test(instance) || instance.includes('..')) {
    throw usageError(
      `the instance name "${instance}" as a file name`,
      'letters, digits, ".", "_" and "-" only (for example "prod" or "eu-sandbox")',
    );
  }
  return path.join(resolveGlueflowHome(location.env ?? process.env), `${instance}.sqlite`);
}

/** The SQLite file of a resolved config's instance (its name was checked when the config was read). */
export function instanceFile(config: { home: string; instanceName: string }): string {
  return path.join(config.home, `${config.instanceName}.sqlite`);
}

/** The files SQLite may keep next to the database. */
export function companionFiles(file: string): string[] {
  return [`${file}-wal`, `${file}-shm`, `${file}-journal`];
}
