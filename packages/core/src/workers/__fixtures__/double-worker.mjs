// A worker for worker-pool.test.ts: doubles numbers, fails or crashes on request, reports its thread.
// Loads the compiled worker side (`pnpm test` builds first), as a published plugin's worker would.
import { setImmediate } from 'node:timers';
import { threadId } from 'node:worker_threads';
import { serveWorkerJobs } from '../../../dist/workers/worker-side.js';

serveWorkerJobs(async (input) => {
  if (input.fail) throw Object.assign(new RangeError(`bad ${input.n}`), { code: 'EBAD', place: '3:4' });
  if (input.crash) {
    setImmediate(() => {
      throw new Error('worker crashed');
    });
    return new Promise(() => {});
  }
  await new Promise((resolve) => setTimeout(resolve, 20)); // long enough for jobs to overlap
  return { n: input.n * 2, threadId, bytes: input.bytes ? input.bytes.byteLength : 0 };
});
