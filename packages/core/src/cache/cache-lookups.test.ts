/** Name lookups and search are served from an index: proven on SQLite's query plans, not on timings. */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GlueflowStorage } from '../storage/glueflow-storage.js';
import { MetadataCache } from './metadata-cache.js';
import { foldName, nameLookup, searchLookup, type Lookup } from './cache-lookups.js';

let storage: GlueflowStorage;
beforeAll(async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'glueflow-plans-'));
  storage = await GlueflowStorage.open({ file: path.join(dir, 'default.sqlite') });
  const cache = await MetadataCache.over(storage);
  await cache.putMany(
    'configurations',
    Array.from({ length: 2000 }, (_, i) => ({
      id: String(i),
      name: `srv-${i}`,
      organizationId: String(i % 7),
    })),
  );
  await storage.all('ANALYZE');
});
afterAll(async () => storage.close());

async function plan({ sql, params }: Lookup): Promise<string> {
  const rows = await storage.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`, params);
  return rows.map((row) => row.detail).join(' | ');
}

describe('query plans', () => {
  test('exact name, with and without organization: the name index', async () => {
    for (const org of [undefined, '3']) {
      const detail = await plan(nameLookup('configurations', 'SRV-1', org));
      expect(detail).toContain('USING INDEX cache_index_by_name (type=? AND name_folded=?');
      expect(detail).not.toMatch(/SCAN cache_index(?! USING)/);
    }
  });

  test('prefix: a range on the name index', async () => {
    const detail = await plan(searchLookup('configurations', 'srv-1', 'prefix', 20, '3'));
    expect(detail).toContain('cache_index_by_name (type=? AND name_folded>? AND name_folded<?)');
  });

  test('substring: the FTS5 trigram index first, then index rows by rowid', async () => {
    const detail = await plan(searchLookup('configurations', 'rv-12', 'substring', 20));
    expect(detail).toMatch(/^SCAN f VIRTUAL TABLE INDEX \d+:M/);
    expect(detail).toContain('SEARCH i USING INTEGER PRIMARY KEY (rowid=?)');
  });

  test('the lookups answer what they promise', async () => {
    const ids = async (lookup: Lookup) =>
      (await storage.all<{ id: string }>(lookup.sql, lookup.params)).map((r) => r.id);
    expect(await ids(nameLookup('configurations', 'SRV-12'))).toEqual(['12']);
    expect(await ids(searchLookup('configurations', 'srv-199', 'prefix', 50))).toEqual([
      '199',
      '1990',
      '1991',
      '1992',
      '1993',
      '1994',
      '1995',
      '1996',
      '1997',
      '1998',
      '1999',
    ]);
    expect((await ids(searchLookup('configurations', 'V-19', 'substring', 500))).sort()).toHaveLength(111);
    expect(foldName('ÅCME Straße')).toBe('åcme straße');
  });
});
