/**
 * What an image URL in a markdown file points at: a remote image (kept), a file beside the markdown
 * (relative path; `/…` is relative to the config folder), or a data: URI (IT Glue rejects those, so
 * they are uploaded like files). A runbook must not be able to send `../../.ssh/id_rsa`, `/.git/config`
 * or a link to `/etc/passwd` to IT Glue, so a local image is uploaded only when
 * - its path has no hidden segment (`.git/`, `.env`) and stays inside the config folder, and
 * - its real path (links resolved) does too (checked when it is read: loadImage), and
 * - its bytes are a PNG, JPEG, GIF, WebP, BMP or TIFF image (image-types.ts) — never SVG.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { MAX_REQUEST_BYTES } from '@glueflow/core';
import { urlScheme } from '../render/url-policy.js';
import { fileNameFor, sniffImage } from './image-types.js';
import { hasDotSegment, readFileWithin, UnsafePath } from './safe-paths.js';

export type ImageSource =
  | { kind: 'remote' }
  /** A local file not read yet (images: keep/drop need no more). */
  | { kind: 'path'; path: string }
  /** Bytes checked to be an image: a local file (`path`) or a data: URI. */
  | { kind: 'file' | 'data'; content: Buffer; fileName: string; path?: string }
  | { kind: 'invalid'; reason: string };

/** Larger images cannot go up in one IT Glue request anyway; nothing bigger is read. */
const MAX_IMAGE_BYTES = MAX_REQUEST_BYTES;

export function classifyImage(url: string, fileDir: string, baseDir: string): ImageSource {
  const scheme = urlScheme(url);
  if (scheme === 'http' || scheme === 'https' || (!scheme && url.startsWith('//'))) return { kind: 'remote' };
  if (scheme === 'data') return fromDataUri(url);
  if (scheme) return { kind: 'invalid', reason: `${scheme}: images cannot be shown in IT Glue` };
  const clean = safeDecode(url.split(/[?#]/)[0] ?? '');
  if (clean === '') return { kind: 'invalid', reason: 'empty image path' };
  const resolved = clean.startsWith('/') ? path.join(baseDir, clean) : path.resolve(fileDir, clean);
  const inside = path.relative(baseDir, resolved);
  if (inside.startsWith('..') || path.isAbsolute(inside)) {
    return { kind: 'invalid', reason: `${clean} is outside the config folder ${baseDir}` };
  }
  if (hasDotSegment(inside)) {
    return { kind: 'invalid', reason: `${clean} is a hidden file or inside a hidden folder (${inside})` };
  }
  return { kind: 'path', path: resolved };
}

/** Reads a local image inside `realRoot` and checks its bytes; `invalid` with the reason otherwise. */
export async function loadImage(source: { path: string }, realRoot: string): Promise<ImageSource> {
  let read;
  try {
    read = await readFileWithin(realRoot, source.path, { maxBytes: MAX_IMAGE_BYTES, noHidden: true });
  } catch (error) {
    if (error instanceof UnsafePath) return { kind: 'invalid', reason: error.reason };
    throw error;
  }
  if (!read.bytes) {
    return { kind: 'invalid', reason: `it is ${read.size} bytes, more than one IT Glue request takes` };
  }
  const type = sniffImage(read.bytes);
  if ('refused' in type) return { kind: 'invalid', reason: type.refused };
  const fileName = fileNameFor(path.basename(source.path), type);
  return { kind: 'file', content: read.bytes, fileName, path: read.real };
}

function fromDataUri(url: string): ImageSource {
  const match = /^data:([^,;]*)((?:;[^,;]*)*),(.*)$/is.exec(url.trim());
  if (!match) return { kind: 'invalid', reason: 'malformed data: URI' };
  const base64 = /;base64/i.test(match[2] ?? '');
  const payload = match[3] ?? '';
  const content = base64
    ? Buffer.from(safeDecode(payload).replace(/\s+/g, ''), 'base64')
    : Buffer.from(safeDecode(payload), 'utf8');
  if (content.length === 0) return { kind: 'invalid', reason: 'empty data: URI' };
  // The bytes decide, not the declared type: `data:image/png,<svg onload=…>` is an SVG.
  const type = sniffImage(content);
  if ('refused' in type) return { kind: 'invalid', reason: `data: URI: ${type.refused}` };
  const short = createHash('sha256').update(content).digest('hex').slice(0, 12);
  return { kind: 'data', content, fileName: `image-${short}.${type.extension}` };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
