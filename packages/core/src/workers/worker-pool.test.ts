/**
 * The worker pool with a real worker script (the compiled worker side): jobs spread over threads,
 * errors keep their name and fields, buffers move, a crashed worker fails only its jobs, and without
 * a script the same work runs in the calling thread.
 */
import fs from 'node:fs';
import { threadId } from 'node:worker_threads';
import { afterEach, expect, it } from '@jest/globals';
import { createWorkerPool } from './worker-pool.js';
import type { WorkerPool } from './worker-pool.js';

interface In {
  n: number;
  fail?: boolean;
  crash?: boolean;
  bytes?: Uint8Array;
}
interface Out {
  n: number;
  threadId: number;
  bytes: number;
}

const script = new URL('./__fixtures__/double-worker.mjs', import.meta.url);
const inThread = async (input: In): Promise<Out> => {
  if (input.fail) throw Object.assign(new RangeError(`bad ${input.n}`), { code: 'EBAD', place: '3:4' });
  return { n: input.n * 2, threadId, bytes: input.bytes?.byteLength ?? 0 };
};

let pool: WorkerPool<In, Out> | undefined;
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

it('spreads jobs over its threads and answers each with its own result', async () => {
  expect(fs.existsSync(new URL('../../dist/workers/worker-side.js', import.meta.url))).toBe(true);
  pool = createWorkerPool<In, Out>({ script, inThread, threads: 2 });
  expect(pool.threads).toBe(2);
  const outputs = await Promise.all(Array.from({ length: 8 }, (_, n) => pool!.run({ n })));
  expect(outputs.map((o) => o.n)).toEqual([0, 2, 4, 6, 8, 10, 12, 14]);
  const threads = new Set(outputs.map((o) => o.threadId));
  expect(threads.size).toBe(2);
  expect(threads.has(threadId)).toBe(false);
});

it('an error thrown in a worker keeps its name, message and fields; reviveError can restore its class', async () => {
  pool = createWorkerPool<In, Out>({ script, inThread, threads: 1 });
  const plain = await pool.run({ n: 1, fail: true }).catch((e: Error) => e);
  expect(plain).toMatchObject({ name: 'RangeError', message: 'bad 1', code: 'EBAD', place: '3:4' });
  await pool.close();
  pool = createWorkerPool<In, Out>({
    script,
    inThread,
    threads: 1,
    reviveError: (e) =>
      e.name === 'RangeError' ? Object.assign(new RangeError(e.message), e.fields) : new Error(),
  });
  const revived = await pool.run({ n: 2, fail: true }).catch((e: Error) => e);
  expect(revived).toBeInstanceOf(RangeError);
  expect(revived).toMatchObject({ message: 'bad 2', code: 'EBAD' });
});

it('moves transferred buffers instead of copying them', async () => {
  pool = createWorkerPool<In, Out>({
    script,
    inThread,
    threads: 1,
    post: (input) => ({ message: input, transfer: input.bytes ? [input.bytes.buffer as ArrayBuffer] : [] }),
  });
  const bytes = new Uint8Array(1024);
  expect((await pool.run({ n: 3, bytes })).bytes).toBe(1024);
  expect(bytes.byteLength).toBe(0); // detached here: it moved
});

it('a crashed worker fails the jobs it held; the next job gets a fresh worker', async () => {
  pool = createWorkerPool<In, Out>({ script, inThread, threads: 1 });
  await expect(pool.run({ n: 1, crash: true })).rejects.toThrow('worker crashed');
  expect((await pool.run({ n: 5 })).n).toBe(10);
});

it('without a worker script (or with 0 threads) the work runs in the calling thread', async () => {
  pool = createWorkerPool<In, Out>({ script: new URL('./missing-worker.js', import.meta.url), inThread });
  expect(pool.threads).toBe(0);
  expect(await pool.run({ n: 4 })).toEqual({ n: 8, threadId, bytes: 0 });
  const none = createWorkerPool<In, Out>({ script, inThread, threads: 0 });
  expect(none.threads).toBe(0);
  expect((await none.run({ n: 1 })).threadId).toBe(threadId);
});
