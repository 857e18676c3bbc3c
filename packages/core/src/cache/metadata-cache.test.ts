/**
 * Cache-first reads against the real client and emulator: TTLs on an injected clock, lookups by id,
 * name and search, refresh, automatic refresh and stats. API calls are counted on the emulator.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { HOUR, MINUTE, startCacheHarness, type CacheHarness } from './__fixtures__/cache-harness.js';
import type { MetadataCacheOptions } from './metadata-cache.js';
import type { StorageOptions } from '../storage/glueflow-storage.js';

let h: CacheHarness;
let serverType: string;
let instances = 0;

beforeAll(async () => {
  h = await startCacheHarness();
  for await (const type of h.client.configurationTypes.list()) serverType ??= type.id;
});
afterAll(async () => h.close());

/** A fresh cache file per test, on the shared emulator and clock. */
function freshCache(options: MetadataCacheOptions & Pick<StorageOptions, 'instance'> = {}) {
  return h.openCache({ instance: `t${++instances}`, ...options });
}

/** Counts the API calls `fn` makes. */
async function calls<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const before = h.requests();
  const result = await fn();
  return [result, h.requests() - before];
}

async function organization(name: string): Promise<string> {
  const [id] = await h.emulator.admin.insert('organizations', [{ name }]);
  return id!;
}

async function configurations(organizationId: string, names: readonly string[]): Promise<string[]> {
  return h.emulator.admin.insert(
    'configurations',
    names.map((name) => ({ 'organization-id': organizationId, name, 'configuration-type-id': serverType })),
  );
}

describe('reads by id', () => {
  test('the first read asks IT Glue once, the next ones are answered from the file', async () => {
    const cache = await freshCache();
    const id = await organization('Read Once Ltd');
    const [first, firstCalls] = await calls(() => cache.getById('organizations', id));
    expect(first).toMatchObject({ record: { id, name: 'Read Once Ltd' }, stale: false });
    expect(firstCalls).toBe(1);
    const [again, againCalls] = await calls(() => cache.getById('organizations', id));
    expect(again).toEqual(first);
    expect(againCalls).toBe(0);
    expect(await cache.stats()).toMatchObject({ hits: 1, misses: 1, hitRate: 0.5 });
  });

  test.each([
    ['organizations', HOUR],
    ['configurations', 15 * MINUTE],
    ['passwords', MINUTE],
  ] as const)('%s expire after their TTL (injected clock)', async (type, ttl) => {
    const cache = await freshCache();
    const org = await organization(`TTL ${type}`);
    const id =
      type === 'organizations'
        ? org
        : type === 'configurations'
          ? (await configurations(org, ['TTL-SRV']))[0]!
          : (
              await h.emulator.admin.insert('passwords', [
                { 'organization-id': org, name: 'TTL pw', password: 'x' },
              ])
            )[0]!;
    await cache.getById(type, id);
    h.clock.advance(ttl - 1000);
    expect((await calls(() => cache.getById(type, id)))[1]).toBe(0);
    h.clock.advance(2000);
    expect((await calls(() => cache.getById(type, id)))[1]).toBe(1);
    expect((await calls(() => cache.getById(type, id)))[1]).toBe(0);
  });

  test('TTLs are configurable per type', async () => {
    const cache = await freshCache({ ttlMs: { organizations: 5 * MINUTE } });
    const id = await organization('Short TTL Inc');
    await cache.getById('organizations', id);
    h.clock.advance(6 * MINUTE);
    expect((await calls(() => cache.getById('organizations', id)))[1]).toBe(1);
  });

  test('a record deleted in IT Glue reads as null once its entry expires, and leaves the cache', async () => {
    const cache = await freshCache();
    const org = await organization('Deleted Later');
    const [id] = await configurations(org, ['GONE-01']);
    await cache.getById('configurations', id!);
    await h.emulator.admin.remove('configurations', id!);
    h.clock.advance(16 * MINUTE);
    expect(await cache.getById('configurations', id!)).toBeNull();
    expect((await cache.stats()).entries.configurations).toBe(0);
  });

  test('an id IT Glue does not know is null', async () => {
    const cache = await freshCache();
    expect(await cache.getById('organizations', '999999')).toBeNull();
  });
});

describe('lookups by name and search, from the index', () => {
  let org: string;
  let other: string;
  beforeAll(async () => {
    org = await organization('Index Org');
    other = await organization('Index Other');
    await configurations(org, ['FS-Alpha-01', 'FS-Alpha-02', 'DC-Beta', 'fs-gamma']);
    await configurations(other, ['FS-Alpha-01', 'Printer 100%_x']);
  });

  test('exact name, ignoring case, optionally within one organization — no API call after a refresh', async () => {
    const cache = await freshCache();
    await cache.refresh(['configurations']);
    const [all, allCalls] = await calls(() => cache.findByName('configurations', 'fs-alpha-01'));
    expect(all.records.map((r) => r.organizationId).sort()).toEqual([org, other].sort());
    expect(all.stale).toBe(false);
    const [mine, mineCalls] = await calls(() =>
      cache.findByName('configurations', 'FS-ALPHA-01', { organizationId: org }),
    );
    expect(mine.records).toHaveLength(1);
    expect(mine.records[0]).toMatchObject({ name: 'FS-Alpha-01', organizationId: org });
    expect(allCalls + mineCalls).toBe(0);
  });

  test('prefix and substring search, ignoring case, with organization and limit — no API call', async () => {
    const cache = await freshCache();
    await cache.refresh(['configurations']);
    const [result, n] = await calls(async () => ({
      prefix: await cache.search('configurations', 'fs-', { mode: 'prefix', organizationId: org }),
      substring: await cache.search('configurations', 'ALPHA', { mode: 'substring' }),
      short: await cache.search('configurations', 'ta', { organizationId: org }),
      wildcards: await cache.search('configurations', '100%_'),
      limited: await cache.search('configurations', 'alpha', { limit: 2 }),
    }));
    expect(n).toBe(0);
    expect(result.prefix.records.map((r) => r.name)).toEqual(['FS-Alpha-01', 'FS-Alpha-02', 'fs-gamma']);
    expect(result.substring.records.map((r) => r.name).sort()).toEqual([
      'FS-Alpha-01',
      'FS-Alpha-01',
      'FS-Alpha-02',
    ]);
    expect(result.short.records.map((r) => r.name)).toEqual(['DC-Beta']);
    expect(result.wildcards.records.map((r) => r.name)).toEqual(['Printer 100%_x']);
    expect(result.limited.records).toHaveLength(2);
  });

  test('a name the index does not have is asked of IT Glue once (created in the web UI since the pull)', async () => {
    const cache = await freshCache();
    await cache.refresh(['configurations']);
    await configurations(org, ['New-Since-Refresh']);
    const [found, n] = await calls(() => cache.findByName('configurations', 'new-since-refresh'));
    expect(found.records.map((r) => r.name)).toEqual(['New-Since-Refresh']);
    expect(n).toBe(1);
    expect((await calls(() => cache.findByName('configurations', 'New-Since-Refresh')))[1]).toBe(0);
    const [none] = await calls(() => cache.findByName('configurations', 'No Such Thing'));
    expect(none).toEqual({ records: [], stale: false });
  });

  test('an expired match is fetched again, so a rename in IT Glue is not answered from the file', async () => {
    const cache = await freshCache();
    const [id] = await configurations(org, ['Before-Rename']);
    await cache.refresh(['configurations']);
    await h.emulator.admin.mutate('configurations', id!, { name: 'After-Rename' });
    expect((await cache.findByName('configurations', 'before-rename')).records).toHaveLength(1); // still fresh
    h.clock.advance(16 * MINUTE);
    expect((await cache.findByName('configurations', 'before-rename')).records).toEqual([]);
    const [renamed, n] = await calls(() => cache.findByName('configurations', 'after-rename'));
    expect(renamed.records.map((r) => r.id)).toEqual([id]);
    expect(n).toBe(0);
  });
});

describe('refresh', () => {
  test('pulls every record, records when, and removes what IT Glue no longer lists', async () => {
    const cache = await freshCache();
    const org = await organization('Refresh Org');
    const ids = await configurations(org, ['R-1', 'R-2', 'R-3']);
    expect(await cache.lastRefreshed('configurations')).toBeNull();
    expect(await cache.isStale('configurations', HOUR)).toBe(true);
    const [report] = await cache.refresh(['configurations']);
    expect(report).toMatchObject({ type: 'configurations', removed: 0 });
    expect(await cache.lastRefreshed('configurations')).toEqual(new Date(h.clock.now));
    expect(await cache.isStale('configurations', HOUR)).toBe(false);

    await h.emulator.admin.remove('configurations', ids[1]!);
    h.clock.advance(2 * HOUR);
    expect(await cache.isStale('configurations', HOUR)).toBe(true);
    const [second] = await cache.refresh(['configurations']);
    expect(second).toMatchObject({ removed: 1, count: report!.count - 1 });
    expect(
      (await cache.search('configurations', 'R-', { mode: 'prefix', organizationId: org })).records.map(
        (r) => r.name,
      ),
    ).toEqual(['R-1', 'R-3']);
  });

  test('a name lookup on a type older than 24 h pulls it again first; within 24 h it does not', async () => {
    const cache = await freshCache();
    const org = await organization('Auto Refresh Org');
    await configurations(org, ['AUTO-1']);
    const [first, n1] = await calls(() => cache.findByName('configurations', 'auto-1'));
    expect(first.records).toHaveLength(1);
    expect(n1).toBeGreaterThanOrEqual(1); // the pull (never refreshed before)
    expect(await cache.lastRefreshed('configurations')).not.toBeNull();
    h.clock.advance(23 * HOUR);
    expect((await calls(() => cache.search('configurations', 'AUTO-')))[1]).toBe(0);
    h.clock.advance(2 * HOUR);
    const [, n3] = await calls(() => cache.search('configurations', 'AUTO-'));
    expect(n3).toBeGreaterThanOrEqual(1);
    expect(await cache.lastRefreshed('configurations')).toEqual(new Date(h.clock.now));
  });

  test('the automatic refresh age is configurable, and can be turned off (answers are then flagged stale)', async () => {
    const eager = await freshCache({ autoRefreshAfterMs: HOUR });
    await eager.refresh(['organizations']);
    h.clock.advance(2 * HOUR);
    expect((await calls(() => eager.search('organizations', 'org')))[1]).toBeGreaterThanOrEqual(1);

    const manual = await freshCache({ autoRefresh: false });
    const [result, n] = await calls(() => manual.search('organizations', 'org'));
    expect(n).toBe(0);
    expect(result).toEqual({ records: [], stale: true });
  });

  test('flexible-asset type names in snake_case are accepted', async () => {
    const cache = await freshCache();
    expect(await cache.refresh(['flexible_asset_types'])).toEqual([
      expect.objectContaining({ type: 'flexible-asset-types' }),
    ]);
    await expect(cache.refresh(['tickets' as never])).rejects.toMatchObject({ code: 'ECACHE_USAGE' });
  });
});

describe('stats', () => {
  test('hits, misses, hit rate, entries per type, bytes on disk and last refresh, kept across processes', async () => {
    const cache = await freshCache({ instance: 'stats' });
    const id = await organization('Stats Org');
    await cache.getById('organizations', id);
    await cache.getById('organizations', id);
    await cache.getById('organizations', id);
    await cache.refresh(['organizations']);
    const stats = await cache.stats();
    expect(stats).toMatchObject({ hits: 2, misses: 1, staleHits: 0, hitRate: 2 / 3 });
    expect(stats.entries.organizations).toBeGreaterThanOrEqual(1);
    expect(stats.entries.configurations).toBe(0);
    expect(stats.bytesOnDisk).toBeGreaterThan(0);
    expect(stats.lastRefresh.organizations).toBe(new Date(h.clock.now).toISOString());
    expect(stats.lastRefresh.documents).toBeNull();
    await cache.close();
    const reopened = await h.openCache({ instance: 'stats' });
    expect(await reopened.stats()).toMatchObject({ hits: 2, misses: 1 });
  });
});
