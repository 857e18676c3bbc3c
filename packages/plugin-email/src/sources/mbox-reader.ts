/**
 * Streams the messages of an mbox file one at a time (never the whole file in memory). A line that
 * starts with `From ` (at the start or after a blank line) separates messages; mboxrd escaping (`>From `, `>>From ` …) is undone by removing
 * one `>`, which also reads mboxo files correctly for every line that was escaped.
 */
import { createReadStream } from 'node:fs';

const FROM = Buffer.from('From ');

export async function* readMbox(path: string, signal?: AbortSignal): AsyncGenerator<Buffer> {
  let lines: Buffer[] = [];
  let started = false;
  let previousBlank = true;
  for await (const line of readLines(path, signal)) {
    // Only after a blank line (or at the start): an unescaped `From ` inside an mboxo body stays text.
    const separator = previousBlank && startsWith(line, FROM, 0);
    previousBlank = isBlank(line);
    if (separator) {
      if (started && lines.length > 0) yield finish(lines);
      lines = [];
      started = true;
      continue;
    }
    if (!started) {
      // Text before the first separator is not an mbox; read it as one message anyway.
      started = true;
    }
    lines.push(unescape(line));
  }
  if (lines.length > 0) yield finish(lines);
}

/** `>From ` → `From `, `>>From ` → `>From ` (mboxrd). */
function unescape(line: Buffer): Buffer {
  let depth = 0;
  while (depth < line.length && line[depth] === 0x3e) depth++;
  if (depth > 0 && startsWith(line, FROM, depth)) return line.subarray(1);
  return line;
}

function isBlank(line: Buffer): boolean {
  return line.length === 1 || (line.length === 2 && line[0] === 0x0d);
}

/** Joins lines; the blank line mbox writers put before the next separator belongs to no message. */
function finish(lines: Buffer[]): Buffer {
  const last = lines[lines.length - 1];
  if (last && isBlank(last)) lines.pop();
  return Buffer.concat(lines);
}

function startsWith(line: Buffer, prefix: Buffer, offset: number): boolean {
  if (line.length < offset + prefix.length) return false;
  return line.compare(prefix, 0, prefix.length, offset, offset + prefix.length) === 0;
}

/** Binary-safe lines, each with its line ending (mail may hold 8-bit text in any charset). */
async function* readLines(path: string, signal?: AbortSignal): AsyncGenerator<Buffer> {
  let rest: Buffer = Buffer.alloc(0);
  const stream = createReadStream(path, { highWaterMark: 256 * 1024, ...(signal ? { signal } : {}) });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let data = rest.length > 0 ? Buffer.concat([rest, chunk]) : chunk;
    let start = 0;
    for (let newline = data.indexOf(0x0a, start); newline !== -1; newline = data.indexOf(0x0a, start)) {
      yield data.subarray(start, newline + 1);
      start = newline + 1;
    }
    rest = Buffer.from(data.subarray(start));
    data = Buffer.alloc(0);
  }
  if (rest.length > 0) yield rest;
}
