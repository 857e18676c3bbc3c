/**
 * A broad query stays bounded: more matches than RANK_ALL are not ranked in full, and `total` is
 * counted no further than TOTAL_CAP, said by `totalCapped` (docs/search.md). A real cache file.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MetadataCache } from '../cache/metadata-cache.js';
import { RANK_ALL, RANK_NAMES, TOTAL_CAP } from './search-reader.js';

const RECORDS = TOTAL_CAP + 250;
let home: string;
let cache: MetadataCache;

beforeAll(async () => {
  home = await fs.mkdtemp(path.join(os.tmpdir(), 'glueflow-search-broad-'));
  cache = await MetadataCache.open({ env: { GLUEFLOW_HOME: home }, instance: 'broad' });
  const records = Array.from({ length: RECORDS }, (_, n) => ({
    id: String(n + 1),
    // Every record mentions "wumpus"; a few are named after it; one in 20 also says "gribble".
    name: n % 500 === 0 ? `Wumpus ${n}` : `Host ${n}`,
    notes: `the wumpus cave ${n % 20 === 0 ? 'gribble' : 'plain'}`,
    organizationId: '1',
  }));
  for (let start = 0; start < records.length; start += 2000)
    await cache.putMany('configurations', records.slice(start, start + 2000));
}, 60_000);
afterAll(async () => {
  await cache.close();
  await fs.rm(home, { recursive: true, force: true });
});

test('a query matching more than the count cap reports more, a capped total and name matches first', async () => {
  const result = await cache.fullTextSearch('wumpus', { limit: 30 });
  expect(result).toMatchObject({ total: TOTAL_CAP, more: true, ranked: false, totalCapped: true });
  expect(result.hits).toHaveLength(30);
  // The 21 records named "Wumpus …" first (fewer than RANK_NAMES: ranked), then the newest others.
  expect(RECORDS / 500).toBeLessThan(RANK_NAMES);
  expect(result.hits.slice(0, 21).every((hit) => hit.name.startsWith('Wumpus'))).toBe(true);
  expect(result.hits[21]).toMatchObject({ id: String(RECORDS), score: 0 });
});

test('below the cap the total is exact and not capped; below RANK_ALL the hits are ranked', async () => {
  const some = await cache.fullTextSearch('gribble');
  expect(some.total).toBeLessThanOrEqual(RANK_ALL);
  expect(some).toMatchObject({
    total: Math.ceil(RECORDS / 20),
    more: true,
    ranked: true,
    totalCapped: false,
  });
  const phrase = await cache.fullTextSearch('"cave gribble"', { limit: 5 });
  expect(phrase).toMatchObject({
    total: Math.ceil(RECORDS / 20),
    more: true,
    ranked: true,
    totalCapped: false,
  });
  expect(phrase.hits[0]!.snippet).toContain('cave gribble');
});

test('the facet tokens behind --type/--org are never matched by a query, phrase or not', async () => {
  for (const query of ['xtypeconfigurations', '"xtypeconfigurations"', '"xörg1"', '"ｘorg1 wumpus"', 'xorg*'])
    expect(await cache.fullTextSearch(query)).toMatchObject({ hits: [], total: 0 });
});
