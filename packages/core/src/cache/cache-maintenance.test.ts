/**
 * Maintenance without an API: purge of expired rows, vacuum, clearing one type or all, and what a
 * damaged file looks like to a cache user. The cache has no source here; records are put directly.
 */
import { afterEach, describe, expect, test } from '@jest/globals';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { StateStore } from '../state/state-store.js';
import { GlueflowStorage } from '../storage/glueflow-storage.js';
import { MetadataCache, type MetadataCacheOptions } from './metadata-cache.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const each of open.splice(0).reverse()) await each.close();
});

async function tempFile(): Promise<string> {
  return path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'glueflow-maintenance-')), 'default.sqlite');
}

async function cacheAt(file: string, options: MetadataCacheOptions = {}): Promise<MetadataCache> {
  const cache = await MetadataCache.open({ file, ...options });
  open.push(cache);
  return cache;
}

const orgs = (count: number, prefix = 'Org') =>
  Array.from({ length: count }, (_, i) => ({
    id: String(i + 1),
    name: `${prefix} ${i + 1}`,
    notes: 'n'.repeat(500),
  }));

describe('purgeExpired', () => {
  test('keeps expired entries for the stale window, then removes them and marks the type for refresh', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const cache = await cacheAt(await tempFile(), { clock: () => now, keepStaleMs: DAY });
    await cache.putMany('configurations', orgs(3));
    await cache.put('flexible-asset-types', { id: '1', name: 'Runbook' });
    now += 20 * MINUTE; // configurations (15 min) expired, types (24 h) not
    expect(await cache.purgeExpired()).toBe(0); // still inside the stale window
    now += DAY;
    expect(await cache.purgeExpired()).toBe(3);
    expect((await cache.stats()).entries).toMatchObject({ configurations: 0, 'flexible-asset-types': 1 });
    expect(await cache.getById('configurations', '1')).toBeNull();
  });

  test('keepStaleMs: 0 removes every expired entry now', async () => {
    let now = 0;
    const cache = await cacheAt(await tempFile(), { clock: () => now });
    await cache.putMany('passwords', orgs(2));
    now += 2 * MINUTE;
    expect(await cache.purgeExpired({ keepStaleMs: 0 })).toBe(2);
  });
});

describe('clear and vacuum', () => {
  test('clear(type) empties that type only; clear() every cache type; the state store is untouched', async () => {
    const file = await tempFile();
    const storage = await GlueflowStorage.open({ file });
    open.push(storage);
    const cache = await MetadataCache.over(storage);
    const state = await StateStore.over(storage);
    await cache.putMany('organizations', orgs(2));
    await cache.putMany('configurations', orgs(2, 'Srv'));
    await state.mappings.set('psa', 'company:1', {
      resourceType: 'organizations',
      id: '1',
      contentHash: 'h',
    });
    await state.bookmarks.set('psa', 'cursor', 3);

    await cache.clear('configurations');
    expect((await cache.stats()).entries).toMatchObject({ organizations: 2, configurations: 0 });
    expect((await cache.search('configurations', 'srv')).records).toEqual([]);
    await cache.clear();
    expect(Object.values((await cache.stats()).entries)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(await state.mappings.get('psa', 'company:1')).toMatchObject({ id: '1' });
    expect(await state.bookmarks.get('psa', 'cursor')).toBe(3);
  });

  test('vacuum gives the space of cleared records back to the disk', async () => {
    const cache = await cacheAt(await tempFile());
    await cache.putMany('configurations', orgs(3000));
    await cache.vacuum();
    const full = (await cache.stats()).bytesOnDisk;
    await cache.clear('configurations');
    await cache.vacuum();
    const after = (await cache.stats()).bytesOnDisk;
    expect(after).toBeLessThan(full / 4);
  });
});

describe('bad files and bad calls', () => {
  test('a corrupt cache file is a clear ECACHE_CORRUPT naming the file and `glueflow cache clear`', async () => {
    const file = await tempFile();
    await fs.writeFile(file, Buffer.alloc(8192, 0x5a));
    const error = await MetadataCache.open({ file }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'ECACHE_CORRUPT', message: expect.stringContaining(file) });
    expect((error as { hint: string }).hint).toContain('glueflow cache clear');
  });

  test('an unknown type is ECACHE_USAGE listing the types', async () => {
    const cache = await cacheAt(await tempFile());
    await expect(cache.getById('tickets' as never, '1')).rejects.toMatchObject({
      code: 'ECACHE_USAGE',
      hint: expect.stringContaining('flexible-assets'),
    });
  });

  test('a cache without a source answers from the file only and cannot refresh', async () => {
    let now = 0;
    const cache = await cacheAt(await tempFile(), { clock: () => now });
    await cache.put('organizations', { id: '1', name: 'Offline' });
    now += 2 * 60 * MINUTE;
    expect(await cache.getById('organizations', '1')).toMatchObject({ stale: true });
    expect(await cache.getById('organizations', '2')).toBeNull();
    await expect(cache.refresh(['organizations'])).rejects.toMatchObject({ code: 'ECACHE_USAGE' });
  });
});
