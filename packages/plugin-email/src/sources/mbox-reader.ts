/**
 * Streams the messages of an mbox file one at a time (never the whole file in memory); how messages are
 * cut is in mbox-splitter.ts. Lines are read as bounded fragments, so one endless line (no newline in
 * 64 MB) costs one pass over its bytes, not a copy per chunk — and never more memory than the byte limit.
 */
import { createReadStream } from 'node:fs';
import { DEFAULT_MAX_MESSAGE_BYTES } from '../options.js';
import { MboxSplitter } from './mbox-splitter.js';
import type { LineFragment, MboxItem } from './mbox-splitter.js';

export type { MboxItem };

export interface ReadMboxOptions {
  signal?: AbortSignal;
  /** Larger messages are counted and skipped, not held (default 50 MiB). */
  maxMessageBytes?: number;
}

/** A long line is handed on in pieces of this size (its first piece decides whether it separates). */
const FRAGMENT_BYTES = 64 * 1024;

/** Each message as `{ raw }`, or `{ tooLarge: bytes }` for one over `maxMessageBytes`. */
export async function* readMbox(path: string, options: ReadMboxOptions = {}): AsyncGenerator<MboxItem> {
  const splitter = new MboxSplitter(options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES);
  for await (const fragments of readFragments(path, options.signal))
    for (const fragment of fragments) for (const item of splitter.push(fragment)) yield item;
  for (const item of splitter.end()) yield item;
}

/**
 * Binary-safe lines with their line endings, a line longer than FRAGMENT_BYTES in several pieces —
 * handed on per chunk read, since an await per line would cost more than the splitting itself.
 */
async function* readFragments(path: string, signal?: AbortSignal): AsyncGenerator<LineFragment[]> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let started = false; // the current line's first piece was handed on already
  const stream = createReadStream(path, { highWaterMark: 256 * 1024, ...(signal ? { signal } : {}) });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    const fragments: LineFragment[] = [];
    let at = 0;
    while (at < chunk.length) {
      const newline = chunk.indexOf(0x0a, at);
      const piece = chunk.subarray(at, newline === -1 ? chunk.length : newline + 1);
      at += piece.length;
      if (newline !== -1) {
        const bytes = pending.length === 0 ? piece : Buffer.concat([...pending, piece]);
        fragments.push({ bytes, start: !started, end: true });
        pending = [];
        pendingBytes = 0;
        started = false;
        continue;
      }
      pending.push(piece);
      pendingBytes += piece.length;
      if (pendingBytes >= FRAGMENT_BYTES) {
        fragments.push({ bytes: Buffer.concat(pending), start: !started, end: false });
        started = true;
        pending = [];
        pendingBytes = 0;
      }
    }
    yield fragments;
  }
  if (pendingBytes > 0) yield [{ bytes: Buffer.concat(pending), start: !started, end: true }];
}
