/**
 * CPU-heavy pure work (parsing mail, parsing markdown) on worker threads, while the run's own thread
 * keeps talking to IT Glue. One worker per core (at most 4), started as jobs arrive; each job goes to
 * the least busy worker. Where no compiled worker script exists (tests run the TypeScript sources) or
 * the pool has no threads, jobs run in the calling thread instead — same results, just not parallel.
 *
 * Hand-written rather than a pool library (piscina, workerpool): those want a worker file per task and
 * their own module loading; this is ~100 lines over node:worker_threads with the one thing we need
 * beyond them — errors that keep their kind across the thread boundary (`reviveError`).
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Transferable } from 'node:worker_threads';
import type { SerializedError, WorkerAnswer } from './worker-protocol.js';

export interface WorkerPoolOptions<Input, Output> {
  /** The compiled worker script, which calls `serveWorkerJobs` from `@glueflow/core/worker`, a light entry point that does not load the rest of core. */
  script: URL;
  /** The same work in the calling thread: used when the script is missing or `threads` is 0. */
  inThread: (input: Input) => Promise<Output>;
  /** Worker threads at most; default one per core, at most 4. */
  threads?: number;
  /** What to post for an input, and which of its buffers move instead of being copied. */
  post?: (input: Input) => { message: unknown; transfer?: Transferable[] };
  /** Rebuilds an error thrown in a worker (only its name, message and own fields cross over). */
  reviveError?: (error: SerializedError) => Error;
}

export interface WorkerPool<Input, Output> {
  run(input: Input): Promise<Output>;
  close(): Promise<void>;
  /** How many threads the pool may use (0 = in the calling thread). */
  readonly threads: number;
}

interface Slot {
  worker: Worker;
  busy: number;
}

export function defaultWorkerThreads(): number {
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.min(4, Math.max(0, cores));
}

export function createWorkerPool<Input, Output>(
  options: WorkerPoolOptions<Input, Output>,
): WorkerPool<Input, Output> {
  const threads = options.threads ?? defaultWorkerThreads();
  const { script } = options;
  if (threads < 1 || script.protocol !== 'file:' || !existsSync(fileURLToPath(script))) {
    return { run: options.inThread, close: async () => {}, threads: 0 };
  }
  const revive = options.reviveError ?? defaultRevive;
  const slots: Slot[] = [];
  const waiting = new Map<number, { resolve: (output: Output) => void; reject: (error: Error) => void }>();
  let next = 0;

  const start = (): Slot => {
    const worker = new Worker(script);
    worker.unref(); // an idle pool never keeps the process alive
    const slot = { worker, busy: 0 };
    worker.on('message', (answer: WorkerAnswer<Output>) => {
      slot.busy -= 1;
      const job = waiting.get(answer.id);
      waiting.delete(answer.id);
      if (!job) return;
      if ('error' in answer) job.reject(revive(answer.error));
      else job.resolve(answer.output);
    });
    worker.on('error', (error) => {
      // A crashed worker fails the jobs it held; the next job starts a fresh one.
      for (const [id, job] of waiting) {
        job.reject(error);
        waiting.delete(id);
      }
      slots.splice(slots.indexOf(slot), 1);
    });
    slots.push(slot);
    return slot;
  };

  return {
    threads,
    run(input) {
      const idlest = slots.reduce<Slot | undefined>(
        (best, s) => (!best || s.busy < best.busy ? s : best),
        undefined,
      );
      const slot = !idlest || (idlest.busy > 0 && slots.length < threads) ? start() : idlest;
      const id = next++;
      slot.busy += 1;
      const { message, transfer = [] } = options.post?.(input) ?? { message: input };
      return new Promise<Output>((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        slot.worker.postMessage({ id, input: message }, transfer);
      });
    },
    async close() {
      await Promise.all(slots.splice(0).map((slot) => slot.worker.terminate()));
    },
  };
}

function defaultRevive(error: SerializedError): Error {
  return Object.assign(new Error(error.message), error.fields, { name: error.name });
}
