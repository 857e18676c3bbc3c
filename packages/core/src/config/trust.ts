/**
 * Config files are code: a `.mjs`/`.ts` config runs when it loads, `extends` loads more files and
 * `plugins:` names modules to import. So a config file is read only when nobody but its user (or
 * root) can have written it — the rule OpenSSH applies to ~/.ssh/config. On Windows the mode bits
 * and owner ids mean nothing to Node, so the check is skipped there.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';

/** What the decision needs from `fs.stat`: injectable so tests cover users they cannot become. */
export interface FileFacts {
  uid: number;
  gid: number;
  mode: number;
}

export interface UserFacts {
  uid: number;
  gid: number;
  platform: NodeJS.Platform;
}

const GROUP_WRITE = 0o020;
const OTHER_WRITE = 0o002;
const STICKY = 0o1000;

export function currentUser(): UserFacts | null {
  if (typeof process.getuid !== 'function' || typeof process.getgid !== 'function') return null;
  return { uid: process.getuid(), gid: process.getgid(), platform: process.platform };
}

/**
 * Why a config file may not be trusted, or null when it may. Owner: the user or root. Writers:
 * nobody else — group-writable is accepted only for the user's private group (uid = gid, the
 * convention behind umask 002 on Debian and Ubuntu), like pam_umask's `usergroups`.
 */
export function untrustedFileReason(file: FileFacts, user: UserFacts): string | null {
  if (user.platform === 'win32') return null;
  if (file.uid !== user.uid && file.uid !== 0) return `it is owned by another user (uid ${file.uid})`;
  if (file.mode & OTHER_WRITE) return 'every user can write it';
  if (file.mode & GROUP_WRITE && !privateGroup(file.gid, user))
    return `its group (gid ${file.gid}) can write it`;
  return null;
}

/**
 * Why the folder holding a config file may not be trusted: anyone who can write a folder without
 * the sticky bit can replace the file in it between our check and the load.
 */
export function untrustedFolderReason(folder: FileFacts, user: UserFacts): string | null {
  if (user.platform === 'win32' || folder.mode & STICKY) return null;
  if (folder.mode & OTHER_WRITE) return 'every user can write its folder';
  if (folder.mode & GROUP_WRITE && !privateGroup(folder.gid, user))
    return `its folder's group (gid ${folder.gid}) can write it`;
  return null;
}

function privateGroup(gid: number, user: UserFacts): boolean {
  return gid === user.gid && user.gid === user.uid;
}

/** Thrown by `assertTrustedConfigFile`; load-file.ts turns it into a config problem. */
export class UntrustedConfigFile extends Error {
  readonly code = 'ECONFIG_UNTRUSTED_FILE';
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`refusing to read ${file}: ${reason}`);
    this.name = 'UntrustedConfigFile';
  }
}

/** Checks the file (through links: the file that would run) and its folder before anything reads it. */
export async function assertTrustedConfigFile(
  file: string,
  user: UserFacts | null = currentUser(),
): Promise<void> {
  if (!user) return;
  const real = await fs.realpath(file);
  const reason =
    untrustedFileReason(await fs.stat(real), user) ??
    untrustedFolderReason(await fs.stat(path.dirname(real)), user);
  if (reason) throw new UntrustedConfigFile(file, reason);
}
