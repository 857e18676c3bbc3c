/**
 * Writing a file a person or another program may have prepared for us — front matter written back
 * into a markdown file, the PSA review file — without letting a planted symbolic link or a
 * predictable temporary name turn the write into "overwrite any file the user can write":
 *
 * - the folder is resolved to its real path and must lie inside `root` (itself resolved), so a
 *   symlinked folder that leads out of the config folder is refused;
 * - the target must be absent or a regular file — never a symbolic link;
 * - the new content goes to a temporary file with a random name in that same folder, created
 *   exclusively (O_EXCL) without following links (O_NOFOLLOW), then renamed over the target
 *   atomically, so a reader sees the old file or the new one, never half of it.
 *
 * Hand-written because write-file-atomic (npm's) follows symlinks by design and has no notion of
 * a root the write must stay inside — the two properties this exists for.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createError } from '../errors/index.js';

export interface WriteWithinOptions {
  /** File mode of a new file (an existing file keeps its mode). Default 0o644. */
  mode?: number;
}

export async function writeFileWithin(
  root: string,
  target: string,
  data: string | Uint8Array,
  options: WriteWithinOptions = {},
): Promise<void> {
  const shown = path.resolve(target);
  const folder = await insideRoot(root, path.dirname(shown), shown);
  const final = path.join(folder, path.basename(shown));
  const existing = await fs.promises.lstat(final).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (existing?.isSymbolicLink()) throw unsafe(shown, 'it is a symbolic link');
  if (existing && !existing.isFile()) throw unsafe(shown, 'it is not a regular file');
  const mode = existing ? existing.mode & 0o7777 : (options.mode ?? 0o644);
  const temporary = path.join(folder, `.${path.basename(shown)}.${randomBytes(8).toString('hex')}.tmp`);
  const flags =
    fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | (fs.constants.O_NOFOLLOW ?? 0);
  const handle = await fs.promises.open(temporary, flags, mode);
  try {
    await handle.writeFile(data);
    await handle.chmod(mode); // the umask may have narrowed it
    await handle.sync();
  } catch (error) {
    await handle.close();
    await fs.promises.rm(temporary, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await fs.promises.rename(temporary, final);
  } catch (error) {
    await fs.promises.rm(temporary, { force: true });
    throw error;
  }
}

/** The real path of `folder`, when it lies inside the real path of `root`; else EUNSAFE_PATH. */
export async function insideRoot(root: string, folder: string, shown = folder): Promise<string> {
  const [realRoot, realFolder] = await Promise.all([
    fs.promises.realpath(root),
    fs.promises.realpath(folder),
  ]);
  if (!isWithin(realRoot, realFolder)) {
    throw unsafe(shown, `its real folder ${realFolder} is outside ${realRoot}`);
  }
  return realFolder;
}

/** True when `child` is `parent` or below it (both absolute, already resolved). */
export function isWithin(parent: string, child: string): boolean {
  const relative = path.relative(parent, child);
  return (
    relative === '' ||
    (!relative.startsWith(`..${path.sep}`) && relative !== '..' && !path.isAbsolute(relative))
  );
}

function unsafe(file: string, reason: string) {
  return createError('EUNSAFE_PATH', { path: file, reason });
}
