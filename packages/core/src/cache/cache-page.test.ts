/** MetadataCache.page: a type's cached records in name order, a page at a time, with the total. */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { startCacheHarness, type CacheHarness } from './__fixtures__/cache-harness.js';

let h: CacheHarness;
beforeAll(async () => {
  h = await startCacheHarness();
});
afterAll(async () => h.close());

test('pages through organizations by name, pulling the type once', async () => {
  await h.emulator.admin.insert(
    'organizations',
    ['Cobalt', 'alpha', 'Bravo'].map((name) => ({ name })),
  );
  const cache = await h.openCache({ instance: 'paged' });
  const before = h.requests();
  const first = await cache.page('organizations', { offset: 0, limit: 2 });
  const pulled = h.requests() - before;
  expect(pulled).toBeGreaterThan(0);
  expect(first.total).toBeGreaterThanOrEqual(3);
  expect(first.records).toHaveLength(2);
  const all = await cache.page('organizations', { offset: 0, limit: 1000 });
  const names = all.records.map((r) => String(r.name).toLowerCase());
  expect(names).toEqual([...names].sort());
  const second = await cache.page('organizations', { offset: 2, limit: 2 });
  expect(second.records[0]).toEqual(all.records[2]);
  expect(h.requests() - before).toBe(pulled);
});
