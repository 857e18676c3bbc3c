/**
 * Files for attachments come from a Buffer, a stream or a path. IT Glue wants them base64 inside a
 * JSON body under its 10 MB request limit; base64 adds a third, so the size is checked *before*
 * anything is read in full or sent: a path by its stat, a stream as it is read.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createError } from '../errors/index.js';
import { MAX_REQUEST_BYTES } from '../transport.js';

export type UploadSource = Buffer | Uint8Array | string | NodeJS.ReadableStream;

/** Room for the JSON envelope around the base64 content. */
const ENVELOPE_BYTES = 1024;

export function base64Length(bytes: number): number {
  return 4 * Math.ceil(bytes / 3);
}

/** The largest file that still fits in one request once base64-encoded (with `fileName`). */
export function maxUploadBytes(fileName = ''): number {
  return Math.floor(((MAX_REQUEST_BYTES - ENVELOPE_BYTES - Buffer.byteLength(fileName)) / 4) * 3);
}

export interface LoadedFile {
  content: Buffer;
  fileName: string;
}

export async function loadUpload(
  source: UploadSource,
  fileName: string | undefined,
  where: string,
): Promise<LoadedFile> {
  if (typeof source === 'string') {
    const name = fileName ?? path.basename(source);
    const { size } = await fs.promises.stat(source);
    checkSize(size, name, where);
    return { content: await fs.promises.readFile(source), fileName: name };
  }
  if (!fileName) {
    throw createError('EITGLUE_INVALID_ARGUMENT', {
      what: `${where}: fileName`,
      expected: 'a file name when uploading a Buffer or a stream',
    });
  }
  if (Buffer.isBuffer(source) || source instanceof Uint8Array) {
    const content = Buffer.isBuffer(source) ? source : Buffer.from(source);
    checkSize(content.length, fileName, where);
    return { content, fileName };
  }
  const limit = maxUploadBytes(fileName);
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of source as AsyncIterable<Buffer | string>) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    total += buffer.length;
    if (total > limit) {
      (source as { destroy?: () => void }).destroy?.();
      checkSize(total, fileName, where, true);
    }
    chunks.push(buffer);
  }
  return { content: Buffer.concat(chunks), fileName };
}

function checkSize(bytes: number, fileName: string, where: string, atLeast = false): void {
  const requestBytes = base64Length(bytes) + ENVELOPE_BYTES + Buffer.byteLength(fileName);
  if (requestBytes > MAX_REQUEST_BYTES) {
    throw createError('EITGLUE_TOO_LARGE', {
      where: `${where} (${fileName}, ${atLeast ? 'at least ' : ''}${bytes} bytes)`,
      bytes: requestBytes,
      limitBytes: MAX_REQUEST_BYTES,
    });
  }
}
