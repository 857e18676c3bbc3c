/** The per-pipeline run lock over one SQLite file, as two processes (two connections) see it. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from '@jest/globals';
import { GlueflowStorage } from '../storage/glueflow-storage.js';
import { SqliteRunLocks } from './run-lock.js';

let home: string;
const opened: GlueflowStorage[] = [];
beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'glueflow-run-lock-'));
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((storage) => storage.close()));
  fs.rmSync(home, { recursive: true, force: true });
});

async function locks(options: Parameters<typeof SqliteRunLocks.over>[1] = {}): Promise<SqliteRunLocks> {
  const storage = await GlueflowStorage.open({ env: { GLUEFLOW_HOME: home }, instance: 'prod' });
  opened.push(storage);
  return SqliteRunLocks.over(storage, options);
}

it('a second run of the pipeline is refused with EPIPELINE_BUSY naming the holder; another pipeline is free', async () => {
  const [first, second] = [await locks(), await locks()];
  const held = await first.acquire('pipeline:nightly');
  const error = await second.acquire('pipeline:nightly').catch((e: unknown) => e);
  expect(error).toMatchObject({ code: 'EPIPELINE_BUSY' });
  expect((error as Error).message).toMatch(
    new RegExp(
      `^pipeline nightly is already running: pid ${process.pid} on .+, started \\d{4}-\\d\\d-\\d\\dT`,
    ),
  );
  const other = await second.acquire('pipeline:runbooks');
  await other.release();
  await held.release();
  const after = await second.acquire('pipeline:nightly');
  await after.release();
});

it("an item's write lock held past the wait names the item and no --wait: the next run picks the item up", async () => {
  const [first, second] = [await locks(), await locks()];
  const held = await first.acquire('item:nightly:glueflow-plugin-psa:company:42');
  const error = await second
    .acquire('item:nightly:glueflow-plugin-psa:company:42', { waitMs: 200 })
    .catch((e: unknown) => e);
  expect(error).toMatchObject({ code: 'EPIPELINE_BUSY' });
  expect((error as Error).message).toMatch(
    /^item:nightly:glueflow-plugin-psa:company:42 is being written by another run: pid \d+ on /,
  );
  expect((error as { hint: string }).hint).not.toContain('--wait');
  await held.release();
});

it('--wait queues behind the holder and takes the lock when it is released', async () => {
  const [first, second] = [await locks(), await locks()];
  const held = await first.acquire('pipeline:nightly');
  const started = Date.now();
  setTimeout(() => void held.release(), 600);
  const next = await second.acquire('pipeline:nightly', { waitMs: 10_000 });
  expect(Date.now() - started).toBeGreaterThanOrEqual(500);
  await next.release();
  // A wait that runs out is EPIPELINE_BUSY too.
  const again = await first.acquire('pipeline:nightly');
  await expect(second.acquire('pipeline:nightly', { waitMs: 300 })).rejects.toMatchObject({
    code: 'EPIPELINE_BUSY',
  });
  await again.release();
});

it('the lock of a process that died is taken over', async () => {
  const dead = await locks();
  await dead.acquire('pipeline:nightly'); // never released: the process "crashed"
  const survivor = await locks({ alive: () => false });
  const taken = await survivor.acquire('pipeline:nightly');
  expect(await survivor.holder('pipeline:nightly')).toBeNull(); // its own pid is "dead" to this view
  await taken.release();
  const fresh = await locks();
  expect(await fresh.holder('pipeline:nightly')).toBeNull();
});
