/**
 * Reading the markdown files (found by find-files.ts): a stable sourceKey per file (front matter `id`,
 * else the path relative to the config file, `/`-separated), and strict UTF-8 decoding — a Latin-1
 * file becomes a message, never mojibake in IT Glue.
 */
import path from 'node:path';
import { MAX_REQUEST_BYTES } from '@glueflow/core';
import { parse } from 'yaml';
import { MarkdownImportError } from './errors.js';

/** Files larger than this are not even read: no IT Glue request could carry them. */
export const MAX_FILE_BYTES = 4 * MAX_REQUEST_BYTES;

export interface SourceFile {
  /** Absolute path, as matched by the globs: the file's name in messages, and where writeBack writes. */
  path: string;
  /** Real path (links resolved, inside the config folder): what is read; links and images resolve from it. */
  real: string;
  /** Path relative to the config file's folder, with `/` separators: the default sourceKey. */
  relativePath: string;
  /** Front matter `id`, else `relativePath`. */
  sourceKey: string;
}

export function relativeKey(baseDir: string, file: string): string {
  return path.relative(baseDir, file).split(path.sep).join('/');
}

const FRONT_MATTER = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n?---[ \t]*(?:\r?\n|$)/;

/**
 * A quick look at the front matter without parsing the markdown: `{}` when there is none, undefined
 * when it does not parse as a YAML mapping (the full parse reports that, with its place).
 */
export function quickFrontMatter(text: string): Record<string, unknown> | undefined {
  const match = FRONT_MATTER.exec(text);
  if (!match) return {};
  try {
    const data = parse(match[1] ?? '') as unknown;
    return data && typeof data === 'object' && !Array.isArray(data)
      ? (data as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The front matter `id`, before the full parse, so sourceKeys (and duplicates among them) are known for
 * every file up front. Broken front matter is left for the full parse to report.
 */
export function frontMatterId(text: string): string | undefined {
  const id = quickFrontMatter(text)?.id;
  return typeof id === 'string' || typeof id === 'number' ? String(id).trim() || undefined : undefined;
}

const strict = new TextDecoder('utf-8', { fatal: true });
const lossy = new TextDecoder('utf-8');

/** The file's text; bytes that are not UTF-8 are an EMARKDOWN_ENCODING error naming line and offset. */
export function decodeUtf8(bytes: Uint8Array, item: string): string {
  try {
    return strict.decode(bytes);
  } catch {
    const { offset, line } = firstInvalidByte(bytes);
    const byte = (bytes[offset] ?? 0).toString(16).padStart(2, '0');
    throw new MarkdownImportError(
      'EMARKDOWN_ENCODING',
      `${item} is not UTF-8 text (byte 0x${byte} at offset ${offset}, line ${line})`,
      'save the file as UTF-8 (e.g. `iconv -f windows-1252 -t utf-8`, or "Save with encoding" in the editor)',
      item,
      `${line}:1`,
    );
  }
}

/** Where lossy decoding first put a U+FFFD that the file did not contain itself. */
function firstInvalidByte(bytes: Uint8Array): { offset: number; line: number } {
  const text = lossy.decode(bytes);
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let index = text.indexOf('\uFFFD'); index >= 0; index = text.indexOf('\uFFFD', index + 1)) {
    const prefix = text.slice(0, index);
    const offset = Buffer.byteLength(prefix);
    const literal = buffer[offset] === 0xef && buffer[offset + 1] === 0xbf && buffer[offset + 2] === 0xbd;
    if (!literal) return { offset, line: prefix.split('\n').length };
  }
  return { offset: 0, line: 1 };
}
