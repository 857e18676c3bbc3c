/**
 * Run locks on a real Redis, across separate connections (separate machines in production): one holder
 * at a time, a heartbeat that keeps a lock, a dead holder's lock freed, and fencing — a holder paused
 * past its lock's expiry (its heartbeat stopped), whose lock another took, commits nothing.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, expect, it } from '@jest/globals';
import { StateStore, whileHolding } from '@glueflow/core';
import type { RedisRunLockOptions } from '@glueflow/core';
import { startRedisServer } from '../redis-server.js';
import type { RunningRedis } from '../redis-server.js';

let redis: RunningRedis;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis.stop();
});
const opened: StateStore[] = [];
afterEach(async () => {
  for (const state of opened.splice(0)) await state.close();
});

/** A worker: its own connection to the instance's state. */
async function worker(instance: string, locks: RedisRunLockOptions = {}): Promise<StateStore> {
  const state = await StateStore.onRedis(redis.url, { instance, locks });
  opened.push(state);
  return state;
}

const intent = { plugin: 'psa', sourceKey: 'company:1', resourceType: 'organizations' as const };

it('one holder at a time: the second gets EPIPELINE_BUSY naming the first; --wait queues behind it', async () => {
  const [a, b] = [await worker('busy'), await worker('busy')];
  const held = await (await a.locks()).acquire('pipeline:nightly');
  const refused = (await b.locks()).acquire('pipeline:nightly');
  await expect(refused).rejects.toMatchObject({ code: 'EPIPELINE_BUSY' });
  await expect(refused).rejects.toThrow(`pid ${process.pid}`);
  expect(await (await b.locks()).holder('pipeline:nightly')).toMatchObject({ pid: process.pid });
  await (await b.locks()).acquire('pipeline:other').then((lock) => lock.release()); // another pipeline is free
  setTimeout(() => void held.release(), 100);
  const next = await (await b.locks()).acquire('pipeline:nightly', { waitMs: 5_000 });
  expect(next.fence!.token).toBe(held.fence!.token + 1);
  await next.release();
});

it('a heartbeat keeps a lock past its ttl; a holder whose process died is taken over at once', async () => {
  const a = await worker('beat', { ttlMs: 150, heartbeatMs: 30 });
  const held = await (await a.locks()).acquire('pipeline:nightly');
  await delay(400);
  expect(await held.stillHeld()).toBe(true);
  const dead = await worker('beat', { alive: () => false });
  const taken = await (await dead.locks()).acquire('pipeline:nightly');
  expect(await held.stillHeld()).toBe(false);
  await taken.release();
  await held.release();
});

it('fencing: a holder paused past its expiry, whose lock another took, cannot commit — nothing is written', async () => {
  const paused = await worker('fence', { ttlMs: 100, heartbeatMs: 60_000 }); // its heartbeat never comes
  const stale = await (await paused.locks()).acquire('pipeline:nightly');
  const begun = await whileHolding(stale, () =>
    paused.journal.begin({ ...intent, naturalKey: { name: 'A' }, payloadHash: 'p' }),
  );
  await delay(200); // "paused": the lock expired
  const other = await worker('fence');
  const fresh = await (await other.locks()).acquire('pipeline:nightly');
  expect(fresh.fence!.token).toBeGreaterThan(stale.fence!.token);

  expect(await stale.stillHeld()).toBe(false);
  const lost = { code: 'ESTATE_LOCK_LOST' };
  await expect(
    whileHolding(stale, () => paused.journal.complete(begun, '101', { contentHash: 'h' })),
  ).rejects.toMatchObject(lost);
  await expect(
    whileHolding(stale, () =>
      paused.mappings.set('psa', 'company:2', { resourceType: 'organizations', id: '7', contentHash: 'h' }),
    ),
  ).rejects.toMatchObject(lost);
  await expect(
    whileHolding(stale, () =>
      paused.journal.begin({ ...intent, naturalKey: { name: 'B' }, payloadHash: 'p' }),
    ),
  ).rejects.toMatchObject(lost);
  // nothing of the stale holder landed: the intent is still pending, no mapping
  expect(await other.journal.get(begun)).toMatchObject({ status: 'pending' });
  expect(await other.mappings.get('psa', 'company:1')).toBeUndefined();
  expect(await other.mappings.get('psa', 'company:2')).toBeUndefined();
  expect((await other.journal.pending()).length).toBe(1);
  // the holder of the lock commits as usual (it adopts the pending intent)
  await whileHolding(fresh, () => other.journal.complete(begun, '101', { contentHash: 'h' }));
  expect(await other.mappings.get('psa', 'company:1')).toMatchObject({ id: '101' });
  // releasing a lost lock leaves the new holder's lock alone
  await stale.release();
  expect(await fresh.stillHeld()).toBe(true);
  await fresh.release();
});
