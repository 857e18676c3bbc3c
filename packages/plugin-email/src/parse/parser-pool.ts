/**
 * Parsing is the CPU-heavy part of an import (postal-mime decodes base64 in JavaScript at a few MB/s),
 * while the rest of the run mostly waits on IT Glue. The pool parses on worker threads — one per spare
 * core, at most 4 — and falls back to the calling thread where no compiled worker exists (tests run the
 * TypeScript sources) or only one core is available.
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ParsedMessage } from './message-types.js';
import { MessageParseError, parseMessage } from './parse-message.js';

export interface MessageParser {
  parse(raw: Uint8Array): Promise<ParsedMessage>;
  close(): Promise<void>;
}

type Answer = { id: number; message: ParsedMessage } | { id: number; error: string; parseError: boolean };

export function createMessageParser(threads = defaultThreads()): MessageParser {
  const script = new URL('./parse-worker.js', import.meta.url);
  if (threads < 1 || script.protocol !== 'file:' || !existsSync(fileURLToPath(script)))
    return { parse: parseMessage, close: async () => {} };
  const workers: Array<{ worker: Worker; busy: number }> = [];
  const waiting = new Map<number, { resolve: (m: ParsedMessage) => void; reject: (e: Error) => void }>();
  let next = 0;
  const start = () => {
    const worker = new Worker(script);
    worker.unref();
    worker.on('message', (answer: Answer) => {
      const entry = workers.find((w) => w.worker === worker);
      if (entry) entry.busy -= 1;
      const job = waiting.get(answer.id);
      waiting.delete(answer.id);
      if (!job) return;
      if ('message' in answer) job.resolve(answer.message);
      else job.reject(answer.parseError ? new MessageParseError(answer.error) : new Error(answer.error));
    });
    worker.on('error', (error) => {
      // A crashed worker fails its jobs; the next parse starts a fresh one.
      for (const [id, job] of waiting) {
        job.reject(error);
        waiting.delete(id);
      }
      workers.splice(
        workers.findIndex((w) => w.worker === worker),
        1,
      );
    });
    const entry = { worker, busy: 0 };
    workers.push(entry);
    return entry;
  };
  return {
    parse(raw) {
      const idle = workers.reduce<{ worker: Worker; busy: number } | undefined>(
        (best, w) => (!best || w.busy < best.busy ? w : best),
        undefined,
      );
      const target = !idle || (idle.busy > 0 && workers.length < threads) ? start() : idle;
      const id = next++;
      target.busy += 1;
      return new Promise<ParsedMessage>((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        // The bytes move to the worker (no copy); the caller no longer needs them.
        const copy = raw.byteOffset === 0 && raw.byteLength === raw.buffer.byteLength ? raw : raw.slice();
        target.worker.postMessage({ id, raw: copy }, [copy.buffer as ArrayBuffer]);
      });
    },
    async close() {
      await Promise.all(workers.splice(0).map((w) => w.worker.terminate()));
    },
  };
}

function defaultThreads(): number {
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.min(4, Math.max(0, cores));
}
