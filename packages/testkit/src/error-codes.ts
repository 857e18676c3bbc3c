/**
 * Which error codes a plugin's sources use that none of its catalogues lists: every `'EUPPER_CASE'`
 * string literal outside tests and fixtures (thrown, reported as a message's `code`, or compared) must
 * be a key of the plugin's own `defineErrors()` table or of one it builds on (core's). A plugin's test
 * calls it with its `src` folder and tables and expects `[]`.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/** Codes have an underscore (`EPSA_ROW`); Node's (`ENOENT`, `ERR_…`) and IMAP verbs do not count. */
const CODE = /['"`](E(?!RR_)[A-Z][A-Z0-9]*_[A-Z0-9_]+)['"`]/g;

export interface UnlistedCode {
  file: string;
  code: string;
}

export async function unlistedErrorCodes(
  srcDir: string,
  catalogues: ReadonlyArray<{ readonly codes: readonly string[] }>,
): Promise<UnlistedCode[]> {
  const known = new Set(catalogues.flatMap((catalogue) => catalogue.codes));
  const unlisted: UnlistedCode[] = [];
  for (const file of await sources(srcDir)) {
    const text = await readFile(file, 'utf8');
    for (const [, code] of text.matchAll(CODE)) {
      if (!known.has(code!)) unlisted.push({ file: path.relative(srcDir, file), code: code! });
    }
  }
  return unlisted;
}

async function sources(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && /\.ts$/.test(entry.name) && !/\.(test|d)\.ts$/.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .filter((file) => !file.split(path.sep).includes('__fixtures__'))
    .sort();
}
