/**
 * The full-text index over a real cache file, filled from the emulator over real HTTP: found by
 * words in names, text fields and traits; never by a password value or a secret trait (searched and
 * scanned for in the file's bytes); kept current by writes, updates, deletes and refresh; ranked;
 * phrase and prefix queries; bad queries as ESEARCH_QUERY; no IT Glue request for a search.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { promises as fs } from 'node:fs';
import { startCacheHarness, type CacheHarness } from '../cache/__fixtures__/cache-harness.js';
import { followWrites } from '../cache/follow-writes.js';
import type { MetadataCache } from '../cache/metadata-cache.js';
import { isGlueflowError } from '../errors/index.js';

const PASSWORD_VALUE = 'Quuxwordvalue7731';
const DOOR_CODE = 'Doorcodevalue4471';
const PSK = 'Pskvalue5519';

let h: CacheHarness;
let cache: MetadataCache;
let org: string;
let doorType: string;
let asset: string;

beforeAll(async () => {
  h = await startCacheHarness();
  // As the runtime opens it: the client's Password-kind trait keys strip "door-code" by its kind.
  cache = await h.openCache({ knownSecretKeys: (typeId) => h.client.secretTraits.known(typeId) });
  followWrites(h.client, cache);
  const client = h.client;
  org = (await client.organizations.create({ name: 'Zorblat Industries', description: 'makers of gizmos' }))
    .id;
  await client.passwords.create({
    organizationId: org,
    name: 'Zorblat domain admin',
    username: 'zadmin',
    password: PASSWORD_VALUE,
    notes: 'rotated quarterly',
  });
  doorType = (await client.flexibleAssetTypes.create({ name: 'Door Access' })).id;
  await client.flexibleAssetFields.create(doorType, { name: 'Door', kind: 'Text', useForTitle: true });
  await client.flexibleAssetFields.create(doorType, { name: 'Door Code', kind: 'Password' });
  await client.flexibleAssetFields.create(doorType, { name: 'Wifi Passphrase', kind: 'Text' });
  await client.flexibleAssetFields.create(doorType, { name: 'Location Notes', kind: 'Textbox' });
  // What the write facade does before any flexible-asset write: learn the type's Password-kind keys.
  await client.secretTraits.load(doorType);
  asset = (
    await client.flexibleAssets.create({
      organizationId: org,
      flexibleAssetTypeId: doorType,
      traits: {
        door: 'Loading dock',
        'door-code': DOOR_CODE,
        'wifi-passphrase': PSK,
        'location-notes': '<p>Behind the <b>quibbleton</b> warehouse, next to the wifi access point</p>',
      },
    })
  ).id;
  await cache.refresh();
});
afterAll(async () => h.close());

async function bytesOf(file: string): Promise<Buffer> {
  const parts = await Promise.all(
    ['', '-wal', '-journal'].map((s) => fs.readFile(file + s).catch(() => Buffer.alloc(0))),
  );
  return Buffer.concat(parts);
}

async function noRequests<T>(fn: () => Promise<T>): Promise<T> {
  const before = h.requests();
  const result = await fn();
  expect(h.requests() - before).toBe(0);
  return result;
}

describe('built from a refreshed cache', () => {
  test('finds records by words in names, text fields and traits, with snippet, URL and organization', async () => {
    const byName = await noRequests(() => cache.fullTextSearch('zorblat'));
    expect(byName.hits.map((hit) => hit.type).sort()).toEqual(['organizations', 'passwords']);
    const byTrait = await noRequests(() => cache.fullTextSearch('quibbleton'));
    expect(byTrait.hits).toHaveLength(1);
    const [hit] = byTrait.hits;
    expect(hit).toMatchObject({
      type: 'flexible-assets',
      id: asset,
      organizationId: org,
      organizationName: 'Zorblat Industries',
    });
    expect(hit!.snippet).toContain('Behind the quibbleton warehouse'); // HTML reduced to its text
    const [start, end] = hit!.highlights[0]!;
    expect(hit!.snippet.slice(start, end)).toBe('quibbleton');
    expect(hit!.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+/.*${asset}$`));
    expect((await cache.fullTextSearch('quarterly')).hits.map((x) => x.type)).toEqual(['passwords']);
  });

  test('a password value, a Password-kind trait or a secret-named trait is never findable, nor in the file', async () => {
    for (const secret of [PASSWORD_VALUE, DOOR_CODE, PSK]) {
      expect({ secret, hits: (await cache.fullTextSearch(secret)).hits }).toEqual({ secret, hits: [] });
      expect({ secret, hits: (await cache.fullTextSearch(`${secret.slice(0, 6)}*`)).hits }).toEqual({
        secret,
        hits: [],
      });
    }
    await cache.rebuildSearchIndex();
    const bytes = await bytesOf(cache.file);
    expect(bytes.includes(Buffer.from('quibbleton'))).toBe(true); // the scan sees what is indexed …
    for (const secret of [PASSWORD_VALUE, DOOR_CODE, PSK]) {
      for (const form of [secret, secret.toLowerCase()])
        expect({ form, in: bytes.includes(Buffer.from(form)) }).toEqual({ form, in: false });
    }
  });

  test('--type and --org narrow the hits; the organization matches by id or by name', async () => {
    expect((await cache.fullTextSearch('zorblat', { type: 'passwords' })).hits.map((x) => x.type)).toEqual([
      'passwords',
    ]);
    for (const organization of [org, 'zorblat industries']) {
      const found = await cache.fullTextSearch('zorblat OR quibbleton', { organization });
      expect(found.hits).toHaveLength(3);
    }
    expect((await cache.fullTextSearch('zorblat', { organization: 'Another Org' })).hits).toEqual([]);
  });

  test('limit, total and more', async () => {
    const found = await cache.fullTextSearch('zorblat', { limit: 1 });
    expect(found).toMatchObject({ total: 2, more: true, ranked: true });
    expect(found.hits).toHaveLength(1);
    expect(await cache.fullTextSearch('zorblat', { limit: 5 })).toMatchObject({ total: 2, more: false });
  });
});

describe('kept current by every cache write', () => {
  test('assets filed by plugin-email (its Email type) are found by subject, sender and body words', async () => {
    const emailType = (await h.client.flexibleAssetTypes.create({ name: 'Email' })).id;
    for (const [name, kind] of [
      ['Subject', 'Text'],
      ['From', 'Text'],
      ['To', 'Text'],
      ['Message-ID', 'Text'],
      ['Body', 'Textbox'],
    ] as const)
      await h.client.flexibleAssetFields.create(emailType, { name, kind, useForTitle: name === 'Subject' });
    const filed = await h.client.flexibleAssets.create({
      organizationId: org,
      flexibleAssetTypeId: emailType,
      traits: {
        subject: 'Printer jammed again',
        from: 'ops.lead@globex.example',
        to: 'help@msp.example',
        'message-id': '<a1b2@globex.example>',
        body: '<p>The <b>wobblefax</b> in room 4 eats paper</p><script>alert(1)</script>',
      },
    });
    for (const query of ['wobblefax', '"ops.lead@globex.example"', 'jammed', '"room 4"']) {
      const found = await cache.fullTextSearch(query, { type: 'flexible-assets' });
      expect({ query, ids: found.hits.map((hit) => hit.id) }).toEqual({ query, ids: [filed.id] });
    }
    const [hit] = (await cache.fullTextSearch('wobblefax')).hits;
    expect(hit!.snippet).not.toContain('<');
  });

  test('a bare-client write of a type never read: its Password-kind trait is learnt first, never cached nor found', async () => {
    const combo = 'Lockercombo9931';
    const lockerType = (await h.client.flexibleAssetTypes.create({ name: 'Locker' })).id;
    await h.client.flexibleAssetFields.create(lockerType, {
      name: 'Locker',
      kind: 'Text',
      useForTitle: true,
    });
    await h.client.flexibleAssetFields.create(lockerType, { name: 'Combo', kind: 'Password' });
    await h.client.flexibleAssets.create({
      organizationId: org,
      flexibleAssetTypeId: lockerType,
      traits: { locker: 'Gym locker frobnitz', combo },
    });
    expect((await cache.fullTextSearch('frobnitz')).hits).toHaveLength(1); // cached and indexed at once …
    expect((await cache.fullTextSearch(combo)).hits).toEqual([]); // … without the combination
    expect((await bytesOf(cache.file)).includes(Buffer.from(combo))).toBe(false);
  });

  test('a create through the client is findable without a refresh; an update re-indexes; a delete removes', async () => {
    const created = await h.client.organizations.create({ name: 'Flumbridge Partners' });
    expect((await noRequests(() => cache.fullTextSearch('flumbridge'))).hits.map((x) => x.id)).toEqual([
      created.id,
    ]);
    await h.client.organizations.update(created.id, { name: 'Grendleworth Partners' });
    expect((await cache.fullTextSearch('flumbridge')).hits).toEqual([]);
    expect((await cache.fullTextSearch('grendleworth')).hits.map((x) => x.name)).toEqual([
      'Grendleworth Partners',
    ]);
    await h.client.organizations.bulkDelete([created.id]);
    expect((await cache.fullTextSearch('grendleworth')).hits).toEqual([]);
  });

  test('a refresh drops what IT Glue no longer lists; clear and purge drop it too', async () => {
    const [gone] = await h.emulator.admin.insert('organizations', [{ name: 'Vanishing Voxel' }]);
    await cache.refresh(['organizations']);
    expect((await cache.fullTextSearch('voxel')).hits.map((x) => x.id)).toEqual([gone]);
    await h.emulator.admin.remove('organizations', gone!);
    await cache.refresh(['organizations']);
    expect((await cache.fullTextSearch('voxel')).hits).toEqual([]);

    await cache.clear('passwords');
    expect((await cache.fullTextSearch('quarterly')).hits).toEqual([]);
    await cache.refresh(['passwords']);
    expect((await cache.fullTextSearch('quarterly')).hits).toHaveLength(1);
  });

  test('rebuild re-derives the same index from the cached records', async () => {
    const before = await cache.fullTextSearch('zorblat OR quibbleton');
    const report = await cache.rebuildSearchIndex();
    expect(report.records).toBeGreaterThan(3);
    expect(await cache.fullTextSearch('zorblat OR quibbleton')).toEqual(before);
  });
});

describe('queries', () => {
  test('a name match ranks above a mention in a trait', async () => {
    await cache.putMany('configurations', [
      { id: 'c1', name: 'Core switch', notes: 'uplinks to the Plimbus firewall', organizationId: org },
      { id: 'c2', name: 'Plimbus firewall', notes: 'edge', organizationId: org },
    ]);
    await cache.put('flexible-assets', {
      id: 'f1',
      name: 'Site survey',
      organizationId: org,
      traits: { notes: 'the plimbus sits in rack 2' },
    });
    const found = await cache.fullTextSearch('plimbus');
    expect(found.hits.map((x) => x.id)).toEqual(['c2', 'c1', 'f1']);
    expect(found.hits[0]!.score).toBeGreaterThan(found.hits[1]!.score);
  });

  test('phrase and prefix queries', async () => {
    await cache.putMany('configurations', [
      { id: 'p1', name: 'srv-dc01.contoso.local', notes: 'wireless access point in the lobby' },
      { id: 'p2', name: 'Lobby printer', notes: 'point of sale near the access control' },
    ]);
    expect((await cache.fullTextSearch('"access point"')).hits.map((x) => x.id)).toContain('p1');
    expect((await cache.fullTextSearch('"access point"')).hits.map((x) => x.id)).not.toContain('p2');
    expect((await cache.fullTextSearch('"srv-dc01"')).hits.map((x) => x.id)).toEqual(['p1']);
    expect((await cache.fullTextSearch('wirel*')).hits.map((x) => x.id)).toEqual(['p1']);
    expect((await cache.fullTextSearch('name:lobby')).hits.map((x) => x.id)).toEqual(['p2']);
  });

  test('diacritics and case fold; hostile text cannot forge a highlight or reach a terminal', async () => {
    await cache.put('contacts', {
      id: 'k1',
      firstName: 'Zoë',
      lastName: 'Ångström',
      notes: 'x\u001b[31mred\u0002fake\u0003',
    });
    const [hit] = (await cache.fullTextSearch('zoe angstrom')).hits;
    expect(hit).toMatchObject({ id: 'k1', name: 'Zoë Ångström' });
    const [other] = (await cache.fullTextSearch('fake')).hits;
    // eslint-disable-next-line no-control-regex
    expect(other!.snippet).not.toMatch(/[\u0000-\u001f]/);
    expect(other!.highlights).toHaveLength(1);
    expect(other!.snippet.slice(...other!.highlights[0]!)).toBe('fake');
  });

  test('a query matching more than 5,000 records: name matches ranked first, then the newest, ranked false', async () => {
    const many = Array.from({ length: 5_100 }, (_, n) => ({
      id: `m${n}`,
      name: `Device ${n}`,
      notes: 'blorptastic',
    }));
    await cache.putMany('configurations', many);
    await cache.putMany('configurations', [{ id: 'mx', name: 'Blorptastic hub', notes: 'x' }]);
    const found = await cache.fullTextSearch('blorptastic', { limit: 3 });
    expect(found).toMatchObject({ total: 5_101, more: true, ranked: false });
    expect(found.hits.map((hit) => hit.id)).toEqual(['mx', 'm5099', 'm5098']);
    // Narrowed below the threshold, the same word is ranked again.
    const narrowed = await cache.fullTextSearch('blorptastic hub');
    expect(narrowed).toMatchObject({ total: 1, ranked: true });
    await cache.invalidate('configurations', [...many.map((record) => record.id), 'mx']);
    expect((await cache.fullTextSearch('blorptastic')).total).toBe(0);
  });

  test('the facet tokens behind --type/--org are not words a query finds', async () => {
    expect((await cache.fullTextSearch('xtypeorganizations')).hits).toEqual([]);
    expect((await cache.fullTextSearch(`xorg${org}`)).hits).toEqual([]);
  });

  test.each([
    ['wifi) OR (facets : xtypeorganizations', 'brackets "(" and ")" do not pair up'],
    ['"unterminated', 'a double quote is not closed'],
    ['srv-dc01', 'FTS5 read "dc01" as a field name'],
    ['wifi AND', 'the query ends where FTS5 expects a word'],
    ['*', 'a lone "*"'],
    ['   ', 'the query is empty'],
  ])('%j is ESEARCH_QUERY with a hint, never a crash', async (query, detail) => {
    const error = await cache.fullTextSearch(query).catch((e: unknown) => e);
    expect(isGlueflowError(error, 'ESEARCH_QUERY')).toBe(true);
    expect((error as Error).message).toContain(detail);
    expect((error as { hint?: string }).hint).toContain('double quotes');
  });
});

describe('the file', () => {
  test('an index of an older format is dropped and rebuilt from the cache when the file is opened', async () => {
    const other = await h.openCache();
    await other.close();
    const sqlite3 = (await import('sqlite3')).default;
    const db = new sqlite3.Database(cache.file);
    const run = (sql: string) =>
      new Promise<void>((resolve, reject) => db.run(sql, (e) => (e ? reject(e) : resolve())));
    await run(`DROP TABLE search_text`);
    await run(`DROP TABLE search_docs`);
    await run(`CREATE TABLE search_docs (doc INTEGER PRIMARY KEY, type TEXT, id TEXT)`);
    await run(`UPDATE search_meta SET value = '1' WHERE name = 'version'`);
    await new Promise((resolve) => db.close(resolve));
    const reopened = await h.openCache();
    expect((await reopened.fullTextSearch('quibbleton')).hits.map((hit) => hit.id)).toEqual([asset]);
    await reopened.close();
  });

  test('the index is in the cache file, private (0600) like it', async () => {
    expect((await fs.stat(cache.file)).mode & 0o777).toBe(0o600);
  });

  test('purging expired entries drops them from the index too', async () => {
    expect((await cache.fullTextSearch('zorblat')).hits.length).toBeGreaterThan(0);
    h.clock.advance(30 * 24 * 3_600_000);
    await cache.purgeExpired({ keepStaleMs: 0 });
    expect((await cache.fullTextSearch('zorblat OR quibbleton OR plimbus')).hits).toEqual([]);
  });
});
