/**
 * A cache following the client's writes (`followWrites(client, cache)`) stays right: creates and updates put what IT
 * Glue answered, deletes drop the ids — before the write resolves, so the next read is correct
 * without asking IT Glue.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { startCacheHarness, type CacheHarness } from './__fixtures__/cache-harness.js';
import { followWrites } from './follow-writes.js';
import type { ITGlueClient } from '@glueflow/itglue';

let h: CacheHarness;
let client: ITGlueClient;
let org: string;
let serverType: string;

beforeAll(async () => {
  h = await startCacheHarness();
  client = h.client;
  followWrites(client, h.cache);
  for await (const type of h.client.configurationTypes.list()) serverType ??= type.id;
  org = (await client.organizations.create({ name: 'Write Through Org' })).id;
  await h.cache.refresh(['organizations', 'configurations']);
});
afterAll(async () => h.close());

async function calls<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const before = h.requests();
  const result = await fn();
  return [result, h.requests() - before];
}

describe('create', () => {
  test('a created record is in the cache: found by id and by name without a call', async () => {
    const created = await client.configurations.create({
      organizationId: org,
      name: 'WT-Created',
      configurationTypeId: serverType,
    });
    const [byId, n1] = await calls(() => h.cache.getById('configurations', created.id));
    const [byName, n2] = await calls(() =>
      h.cache.findByName('configurations', 'wt-created', { organizationId: org }),
    );
    expect(byId?.record).toMatchObject({ id: created.id, name: 'WT-Created' });
    expect(byName.records.map((r) => r.id)).toEqual([created.id]);
    expect(n1 + n2).toBe(0);
  });
});

describe('update', () => {
  test('an update replaces the cached record and its name in the index', async () => {
    const created = await client.organizations.create({ name: 'WT Before' });
    await h.cache.getById('organizations', created.id);
    await client.organizations.update(created.id, { name: 'WT After', description: 'renamed' });
    const [read, n] = await calls(() => h.cache.getById('organizations', created.id));
    expect(read?.record).toMatchObject({ name: 'WT After', description: 'renamed' });
    const [search, n2] = await calls(() => h.cache.search('organizations', 'wt '));
    expect(search.records.map((r) => r.name)).toEqual(['WT After']);
    expect(n + n2).toBe(0);
  });

  test('a bulk update puts every answered record', async () => {
    const a = await client.configurations.create({
      organizationId: org,
      name: 'WT-Bulk-A',
      configurationTypeId: serverType,
    });
    const b = await client.configurations.create({
      organizationId: org,
      name: 'WT-Bulk-B',
      configurationTypeId: serverType,
    });
    await client.configurations.bulkUpdate([
      { id: a.id, notes: 'bulk note a' },
      { id: b.id, notes: 'bulk note b' },
    ]);
    const [reads, n] = await calls(() =>
      Promise.all([h.cache.getById('configurations', a.id), h.cache.getById('configurations', b.id)]),
    );
    expect(reads.map((read) => read?.record.notes)).toEqual(['bulk note a', 'bulk note b']);
    expect(n).toBe(0);
  });
});

describe('delete', () => {
  test('a bulk delete drops the entries: the next read asks IT Glue and gets null', async () => {
    const created = await client.configurations.create({
      organizationId: org,
      name: 'WT-Doomed',
      configurationTypeId: serverType,
    });
    await client.configurations.bulkDelete([created.id]);
    const [read, n] = await calls(() => h.cache.getById('configurations', created.id));
    expect(read).toBeNull();
    expect(n).toBe(1);
    expect((await h.cache.search('configurations', 'wt-doomed')).records).toEqual([]);
  });

  test('delete(organizationId, id) drops the id, not the organization', async () => {
    const location = await client.locations.create({ organizationId: org, name: 'WT Branch' });
    await client.locations.delete(org, location.id);
    expect((await calls(() => h.cache.getById('locations', location.id)))[1]).toBe(1);
    expect((await calls(() => h.cache.getById('organizations', org)))[1]).toBe(0);
  });

  test('passwords: created and deleted through the client, the value never cached', async () => {
    const created = await client.passwords.create({
      organizationId: org,
      name: 'WT Root',
      password: 'wt-value-1',
    });
    const cached = await h.cache.getById('passwords', created.id);
    expect(cached?.record).not.toHaveProperty('password');
    await client.passwords.delete(created.id);
    expect(await h.cache.getById('passwords', created.id)).toBeNull();
  });
});

test('reads and everything else pass straight through the wrapper', async () => {
  expect(client.circuitOpen()).toBe(false);
  expect((await client.organizations.get(org))?.id).toBe(org);
});
