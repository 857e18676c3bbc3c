/**
 * While the client's circuit breaker is open, reads answer from expired entries and say so
 * (`stale: true`) instead of failing; with nothing cached the circuit error comes through.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { isGlueflowError } from '../errors/index.js';
import { HOUR, startCacheHarness, type CacheHarness } from './__fixtures__/cache-harness.js';

let h: CacheHarness;
let acme: string;
let unseen: string;

beforeAll(async () => {
  h = await startCacheHarness({
    client: { retry: { retries: 0 }, circuitBreaker: { failureThreshold: 2, halfOpenAfterMs: 10 * 60_000 } },
  });
  [acme, unseen] = (await h.emulator.admin.insert('organizations', [
    { name: 'Acme Corp' },
    { name: 'Never Read' },
  ])) as [string, string];
  await h.cache.refresh(['organizations']);
  await h.cache.getById('organizations', acme);
  h.clock.advance(25 * HOUR); // every entry and the type's refresh are now past their age

  // Two failures in a row open the breaker (threshold 2, no retries).
  h.emulator.admin.enqueueFault({ kind: '500', count: 2, method: 'GET' });
  for (let i = 0; i < 2; i++) await h.client.organizations.get(acme).catch(() => undefined);
  expect(h.client.circuitOpen()).toBe(true);
});
afterAll(async () => h.close());

test('getById answers an expired entry with stale: true and makes no call', async () => {
  const before = h.requests();
  expect(await h.cache.getById('organizations', acme)).toMatchObject({
    record: { id: acme, name: 'Acme Corp' },
    stale: true,
  });
  expect(h.requests()).toBe(before);
});

test('findByName and search answer from the index with stale: true instead of refreshing', async () => {
  const before = h.requests();
  const found = await h.cache.findByName('organizations', 'ACME CORP');
  expect(found.stale).toBe(true);
  expect(found.records.map((r) => r.id)).toEqual([acme]);
  const searched = await h.cache.search('organizations', 'acme');
  expect(searched).toMatchObject({ stale: true, records: [expect.objectContaining({ id: acme })] });
  expect((await h.cache.findByName('organizations', 'Nobody')).stale).toBe(true);
  expect(h.requests()).toBe(before);
});

test('with nothing cached the circuit error is thrown, not a stale guess', async () => {
  const cache = await h.openCache({ instance: 'empty' });
  const error = await cache.getById('organizations', unseen).catch((caught: unknown) => caught);
  expect(isGlueflowError(error, 'EITGLUE_CIRCUIT_OPEN')).toBe(true);
});

test('stale answers are counted apart from hits', async () => {
  expect((await h.cache.stats()).staleHits).toBeGreaterThanOrEqual(3);
});
