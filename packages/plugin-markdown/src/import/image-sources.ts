/**
 * What an image URL in a markdown file points at: a remote image (kept), a file beside the markdown
 * (relative path; `/…` is relative to the config folder), or a data: URI (IT Glue rejects those, so
 * they are uploaded like files). Local paths must stay inside the config folder: a runbook must not
 * be able to send `../../.ssh/id_rsa` to IT Glue.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { urlScheme } from '../render/url-policy.js';

export type ImageSource =
  | { kind: 'remote' }
  | { kind: 'file'; path: string; fileName: string }
  | { kind: 'data'; content: Buffer; fileName: string }
  | { kind: 'invalid'; reason: string };

const EXTENSION_OF_MIME: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/svg+xml': 'svg',
  'image/bmp': 'bmp',
  'image/x-icon': 'ico',
  'image/avif': 'avif',
};

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
  return { kind: 'file', path: resolved, fileName: path.basename(resolved) };
}

function fromDataUri(url: string): ImageSource {
  const match = /^data:([^,;]*)((?:;[^,;]*)*),(.*)$/is.exec(url.trim());
  if (!match) return { kind: 'invalid', reason: 'malformed data: URI' };
  const mime = (match[1] || 'text/plain').toLowerCase();
  const extension = EXTENSION_OF_MIME[mime];
  if (!extension) return { kind: 'invalid', reason: `data: URI of type ${mime} is not an image` };
  const base64 = /;base64/i.test(match[2] ?? '');
  const payload = match[3] ?? '';
  const content = base64
    ? Buffer.from(safeDecode(payload).replace(/\s+/g, ''), 'base64')
    : Buffer.from(safeDecode(payload), 'utf8');
  if (content.length === 0) return { kind: 'invalid', reason: 'empty data: URI' };
  const short = createHash('sha256').update(content).digest('hex').slice(0, 12);
  return { kind: 'data', content, fileName: `image-${short}.${extension}` };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
