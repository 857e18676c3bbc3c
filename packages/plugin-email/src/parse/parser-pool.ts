/**
 * Parsing is the CPU-heavy part of an import (postal-mime decodes base64 in JavaScript at a few MB/s),
 * while the rest of the run mostly waits on IT Glue: messages are parsed on core's worker pool (one
 * thread per core, at most 4; in the calling thread where no compiled worker exists, as in tests that
 * run the TypeScript sources).
 */
import { createWorkerPool, defaultWorkerThreads } from '@glueflow/core';
import type { ParsedMessage } from './message-types.js';
import { MessageParseError, parseMessage } from './parse-message.js';

export interface MessageParser {
  parse(raw: Uint8Array): Promise<ParsedMessage>;
  close(): Promise<void>;
}

export function createMessageParser(threads = defaultWorkerThreads()): MessageParser {
  const pool = createWorkerPool<Uint8Array, ParsedMessage>({
    script: new URL('./parse-worker.js', import.meta.url),
    inThread: parseMessage,
    threads,
    post: (raw) => {
      // The bytes move to the worker (no copy) when they are a whole buffer; a view into a shared one
      // (Node's small-Buffer pool) is copied first, so moving it cannot detach anybody else's bytes.
      const own = raw.byteOffset === 0 && raw.byteLength === raw.buffer.byteLength ? raw : raw.slice();
      return { message: own, transfer: [own.buffer as ArrayBuffer] };
    },
    reviveError: (error) =>
      error.name === 'MessageParseError'
        ? new MessageParseError(error.message)
        : Object.assign(new Error(error.message), error.fields),
  });
  return { parse: (raw) => pool.run(raw), close: () => pool.close() };
}
