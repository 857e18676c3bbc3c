import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { collect, startHarness } from './__fixtures__/harness.js';
import type { Harness } from './__fixtures__/harness.js';
import type { RequestEvent } from './hooks.js';
import type { ITGlueClient } from './itglue-client.js';

let h: Harness;
let orgId: string;
let typeId: string;
let client: ITGlueClient;
const requests: RequestEvent[] = [];
let total: number;

beforeAll(async () => {
  h = await startHarness({ generate: { organizations: 1, perOrganization: 0 } });
  const dump = await h.emulator.admin.dump();
  orgId = dump.organizations![0]!.id;
  typeId = dump['configuration-types']![0]!.id;
  const rows = Array.from({ length: 2345 }, (_, i) => ({
    'organization-id': Number(orgId),
    'configuration-type-id': Number(typeId),
    name: `PC-${String(i).padStart(5, '0')}`,
  }));
  await h.emulator.admin.insert('configurations', rows);
  total = (await h.emulator.admin.dump()).configurations!.length;
  client = await h.client({ hooks: { onRequest: (e) => requests.push(e) } });
});
afterAll(async () => h.close());
beforeEach(() => {
  requests.length = 0;
});

const pages = () =>
  requests.map(
    (r) => `${r.status} ${/page\[size\]=(\d+)&page\[number\]=(\d+)/.exec(r.path)?.slice(1).join('/')}`,
  );

describe('list()', () => {
  it('pages with page[size]=1000: 2,345+ records in exactly ceil(n/1000) calls, each record once', async () => {
    const all = await collect(client.configurations.list());
    expect(all).toHaveLength(total);
    expect(new Set(all.map((c) => c.id)).size).toBe(total);
    expect(pages()).toEqual(['200 1000/1', '200 1000/2', '200 1000/3']);
  });

  it('an exact multiple of the page size needs no extra empty call (meta next-page)', async () => {
    expect(total % 469).toBe(0); // 2,345 = 5 × 469
    const all = await collect(client.configurations.list({ pageSize: 469 }));
    expect(all).toHaveLength(total);
    expect(requests).toHaveLength(5);
  });

  it('a 504 halves the page size for the rest of the listing and resumes at the right record', async () => {
    const iterator = client.configurations.list()[Symbol.asyncIterator]();
    const seen: string[] = [];
    const first = await iterator.next();
    seen.push((first.value as { id: string }).id);
    // Page 2 of 1000 will time out at the gateway.
    h.emulator.admin.enqueueFault({ kind: '504', method: 'GET', path: '/configurations' });
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) seen.push(next.value.id);
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    // Record 1000 is where it stopped: 500-record page 3 starts there.
    expect(pages()).toEqual(['200 1000/1', '504 1000/2', '200 500/3', '200 500/4', '200 500/5']);
  });

  it('504s that keep coming keep halving; nothing is lost or repeated', async () => {
    h.emulator.admin.enqueueFault({ kind: '504', count: 3, method: 'GET', path: '/configurations' });
    const all = await collect(client.configurations.list({ limit: 300 }));
    expect(all.map((c) => c.id)).toEqual(
      (await collect(client.configurations.list({ limit: 300 }))).map((c) => c.id),
    );
    expect(pages().slice(0, 6)).toEqual([
      '504 1000/1',
      '504 500/1',
      '504 250/1',
      '200 125/1',
      '200 125/2',
      '200 125/3',
    ]);
  });

  it('a 504 at an offset that is not a multiple of the new size skips what was already yielded', async () => {
    const iterator = client.configurations.list({ pageSize: 300 })[Symbol.asyncIterator]();
    const seen: string[] = [];
    for (let i = 0; i < 300; i++) seen.push(((await iterator.next()).value as { id: string }).id);
    h.emulator.admin.enqueueFault({ kind: '504', count: 2, method: 'GET', path: '/configurations' });
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) seen.push(next.value.id);
    expect(new Set(seen).size).toBe(total);
    // 300 → 150 → 75: record 300 is the first of 75-record page 5.
    expect(pages().slice(0, 4)).toEqual(['200 300/1', '504 300/2', '504 150/3', '200 75/5']);
  });

  it('memory stays one page: records are yielded as the page is read, and `limit` stops early', async () => {
    const few = await collect(client.configurations.list({ limit: 5 }));
    expect(few).toHaveLength(5);
    expect(requests).toHaveLength(1);
  });

  it('filters go snake_case on the top-level route, with commas in values escaped', async () => {
    await client.organizations.create({ name: 'Acme, Inc' });
    await client.organizations.create({ name: 'Acme' });
    const found = await collect(client.organizations.list({ filter: { name: 'Acme, Inc' } }));
    expect(found.map((o) => o.name)).toEqual(['Acme, Inc']);
    expect(requests.at(-1)!.path).toContain('filter[name]=Acme\\, Inc');
    const both = await collect(
      client.organizations.list({ filter: { name: ['Acme, Inc', 'Acme'] }, sort: '-name' }),
    );
    expect(both.map((o) => o.name)).toEqual(['Acme, Inc', 'Acme']);
    const scoped = await collect(
      client.configurations.list({ organizationId: orgId, filter: { name: 'PC-00007' } }),
    );
    expect(scoped).toHaveLength(1);
    expect(requests.at(-1)!.path).toContain(`filter[organization_id]=${orgId}`);
  });
});
