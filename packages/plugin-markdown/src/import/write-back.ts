/**
 * `writeBack: true`: the IT Glue id goes into the file's front matter (`itglue-id:`, or
 * `itglue-document-id:` for documents), so the file
 * itself says which record it is — a fresh machine (no state) then updates that record even after the
 * title changed. The YAML is edited as a document (comments, order and quoting kept) and the file is
 * replaced atomically; nothing is written when the id is already there. A top `---` block that
 * renderMarkdown reads as markdown (blank, or a lone scalar) gets a new front matter above it.
 *
 * The docs folder may hold planted links, so the write goes through core's writeFileWithin: only
 * inside the config folder (real paths), never through a link at the file, and through a randomly
 * named, exclusively created temporary file (a predictable `<file>.<pid>.tmp` could be pre-planted as
 * a link to any file the user can write).
 */
import fs from 'node:fs';
import { writeFileWithin } from '@glueflow/core';
import { isMap, parseDocument } from 'yaml';

/** Front matter keys per target: a document id never gets read as a flexible asset's, or back. */
export const ID_KEYS = { flexible_assets: 'itglue-id', documents: 'itglue-document-id' } as const;
export type IdKey = (typeof ID_KEYS)[keyof typeof ID_KEYS];

const FRONT_MATTER = /^(\uFEFF?)---([ \t]*\r?\n)([\s\S]*?)(\r?\n?)---([ \t]*(?:\r?\n|$))/;

/** The source with `<key>: <id>` set in its front matter (added when there is none). */
export function withItGlueId(source: string, id: string, key: IdKey = ID_KEYS.flexible_assets): string {
  const eol = source.includes('\r\n') ? '\r\n' : '\n';
  const value = /^\d{1,15}$/.test(id) ? Number(id) : id;
  const match = FRONT_MATTER.exec(source);
  if (match) {
    const [whole, bom = '', open = '', yaml = '', , after = ''] = match;
    const document = parseDocument(yaml);
    if (
      document.errors.length === 0 &&
      (isMap(document.contents) || (document.contents === null && yaml.trim() !== ''))
    ) {
      if (String(document.get(key) ?? '') === id) return source;
      document.set(key, value);
      let text = document.toString({ lineWidth: 0 }).replace(/\r?\n/g, eol);
      if (!text.endsWith(eol)) text += eol;
      return `${bom}---${open}${text}---${after}${source.slice(whole.length)}`;
    }
  }
  const bom = source.startsWith('\uFEFF') ? '\uFEFF' : '';
  return `${bom}---${eol}${key}: ${JSON.stringify(value)}${eol}---${eol}${source.slice(bom.length)}`;
}

export type WriteBackOutcome = 'written' | 'unchanged' | 'changed-on-disk' | { refused: string };

/**
 * Writes the id into `file` unless its front matter already holds it — and only if the file still
 * holds what was imported (someone may be editing it right now; their change wins). A file that is a
 * symbolic link, or lies (by its real folder) outside `root`, is refused and left alone.
 */
export async function writeBackId(
  root: string,
  file: string,
  source: string,
  id: string,
  key: IdKey = ID_KEYS.flexible_assets,
): Promise<WriteBackOutcome> {
  const next = withItGlueId(source, id, key);
  if (next === source) return 'unchanged';
  // Checked before reading too: a link planted since the import read the file is not followed.
  if ((await fs.promises.lstat(file)).isSymbolicLink()) return { refused: `${file} is a symbolic link` };
  const current = await fs.promises.readFile(file, 'utf8');
  // `source` is the decoded text: a byte order mark was dropped from it, and is kept on disk.
  const bom = current.startsWith('\uFEFF') && !source.startsWith('\uFEFF') ? '\uFEFF' : '';
  if (current.slice(bom.length) !== source) return 'changed-on-disk';
  try {
    await writeFileWithin(root, file, bom + next);
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'EUNSAFE_PATH') throw error;
    return { refused: (error as Error).message };
  }
  return 'written';
}
