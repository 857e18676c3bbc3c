/** The worker's half of a worker pool (worker-pool.ts): answers each job posted to this thread. */
import { parentPort } from 'node:worker_threads';
import type { Transferable } from 'node:worker_threads';
import { serializeError } from './worker-protocol.js';
import type { WorkerAnswer, WorkerJob } from './worker-protocol.js';

/**
 * Call once from a worker script. `transfer` names buffers of an output that move to the pool's thread
 * instead of being copied (decoded attachments, for example).
 */
export function serveWorkerJobs<Input, Output>(
  handle: (input: Input) => Promise<Output>,
  transfer?: (output: Output) => Transferable[],
): void {
  const port = parentPort;
  if (!port) throw new Error('serveWorkerJobs() runs in a worker thread only');
  port.on('message', (job: WorkerJob<Input>) => {
    handle(job.input).then(
      (output) =>
        port.postMessage({ id: job.id, output } satisfies WorkerAnswer<Output>, transfer?.(output) ?? []),
      (error: unknown) =>
        port.postMessage({ id: job.id, error: serializeError(error) } satisfies WorkerAnswer<Output>),
    );
  });
}
