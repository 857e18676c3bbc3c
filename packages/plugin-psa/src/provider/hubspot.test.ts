import { afterEach, describe, expect, it } from '@jest/globals';
import { collect, testEnvironment } from '../__fixtures__/environment.js';
import { startFakeHubSpot, type FakeHubSpot } from '../__fixtures__/fake-hubspot.js';
import { makeWorld } from '../__fixtures__/world.js';
import { createPsaHttp } from './http.js';
import { hubspot, searchChanged } from './hubspot.js';

const TOKEN = 'pat-na1-TOKEN-VALUE';
let fake: FakeHubSpot | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

function provider(env = testEnvironment({ HUBSPOT_TOKEN: TOKEN })) {
  const connection = hubspot.connection.parse({
    token: { env: 'HUBSPOT_TOKEN' },
    url: fake!.url,
    identifierProperty: 'account_number',
    http: { retries: 1 },
  });
  return hubspot.create(connection, env);
}

describe('hubspot provider', () => {
  it('lists companies 100 at a time with an explicit properties list, following paging.next.after', async () => {
    const world = makeWorld(230);
    fake = await startFakeHubSpot(TOKEN, world);
    const companies = await collect(provider().listCompanies());

    expect(companies).toHaveLength(230);
    expect(fake.requests).toHaveLength(3);
    const first = fake.requests[0]!.url.searchParams;
    expect(first.get('limit')).toBe('100');
    expect(first.get('properties')!.split(',')).toEqual(
      expect.arrayContaining(['name', 'phone', 'website', 'hs_lastmodifieddate', 'account_number', 'type']),
    );
    expect(fake.requests.map((r) => r.url.searchParams.get('after'))).toEqual([null, '100', '200']);
    expect(fake.requests[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    const source = world.companies[5]!;
    expect(companies[5]).toEqual({
      ...source,
      status: null,
      types: ['PROSPECT'],
      parentId: null,
    });
  });

  it('searches by hs_lastmodifieddate for incremental runs and returns archived companies as deleted', async () => {
    const world = makeWorld(50);
    world.companies[8]!.updatedAt = '2026-06-02T00:00:00.000Z';
    world.companies[3]!.updatedAt = '2026-06-01T00:00:00.000Z';
    world.companies[20]!.updatedAt = '2026-06-03T00:00:00.000Z';
    world.companies[20]!.deleted = true;
    fake = await startFakeHubSpot(TOKEN, world);

    const changed = await collect(provider().listCompanies({ since: '2026-05-31T00:00:00.000Z' }));

    expect(changed.map((c) => [c.id, c.deleted])).toEqual([
      ['1003', false],
      ['1008', false],
      ['1020', true],
    ]);
    const search = fake.requests.find((r) => r.method === 'POST')!;
    expect(JSON.parse(search.body)).toMatchObject({
      filterGroups: [
        {
          filters: [
            {
              propertyName: 'hs_lastmodifieddate',
              operator: 'GT',
              value: String(Date.parse('2026-05-31T00:00:00.000Z')),
            },
          ],
        },
      ],
      sorts: [{ propertyName: 'hs_lastmodifieddate', direction: 'ASCENDING' }],
      limit: 100,
    });
  });

  it('names the token on 401 without its value, and waits out a 429', async () => {
    fake = await startFakeHubSpot('another-token', makeWorld(1));
    const env = testEnvironment({ HUBSPOT_TOKEN: TOKEN });
    const failure = await collect(provider(env).listCompanies()).catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 'EPSA_AUTH', status: 401 });
    expect((failure as { hint: string }).hint).toMatch(/connection\.token/);
    expect(JSON.stringify([failure, env.logs])).not.toContain(TOKEN);
    await fake.close();

    fake = await startFakeHubSpot(TOKEN, makeWorld(3));
    fake.fault({ status: 429, retryAfter: '1' });
    expect(await collect(provider().listCompanies())).toHaveLength(3);
    expect(fake.requests[1]!.at - fake.requests[0]!.at).toBeGreaterThanOrEqual(950);
  });

  it('refuses a per-10-second limit above HubSpot’s 190', () => {
    expect(hubspot.connection.safeParse({ token: { env: 'T' }, requestsPer10Seconds: 500 }).success).toBe(
      false,
    );
  });

  describe('the search cap (10,000 results per query on HubSpot; 300 here)', () => {
    const CAP = 300;
    const http = () =>
      createPsaHttp({
        label: 'HubSpot',
        baseUrl: fake!.url,
        credentialHints: { 401: 'token', 403: 'scopes' },
        headers: () => ({ Authorization: `Bearer ${TOKEN}` }),
        rateLimit: { concurrency: 1 },
      });
    const minute = (n: number) => new Date(Date.UTC(2026, 5, 1, 0, n)).toISOString();

    it('restarts the query at the newest date seen, with GTE, so companies sharing it are not lost', async () => {
      const world = makeWorld(700);
      // Two companies per minute: every restart lands in the middle of a pair.
      world.companies.forEach((company, i) => (company.updatedAt = minute(Math.floor(i / 2) + 1)));
      fake = await startFakeHubSpot(TOKEN, world, { searchCap: CAP });

      const seen = await collect(searchChanged(http(), ['name', 'hs_lastmodifieddate'], minute(0), CAP));

      expect(new Set(seen.map((c) => c.id))).toEqual(new Set(world.companies.map((c) => c.id)));
      const bodies = fake.requests.filter((r) => r.method === 'POST').map((r) => JSON.parse(r.body));
      const filters = bodies.map((b) => b.filterGroups[0].filters[0]);
      expect(filters[0]).toMatchObject({ operator: 'GT', value: String(Date.parse(minute(0))) });
      const restarts = filters.filter((f, i) => i > 0 && f.value !== filters[i - 1].value);
      expect(restarts.length).toBeGreaterThanOrEqual(2);
      expect(restarts.every((f) => f.operator === 'GTE')).toBe(true);
      expect(bodies.every((b) => Number(b.after ?? 0) + b.limit <= CAP)).toBe(true);
    });

    it('more companies on one date than the cap is a clear error, not a silent gap', async () => {
      const world = makeWorld(CAP + 50);
      world.companies.forEach((company) => (company.updatedAt = minute(5)));
      fake = await startFakeHubSpot(TOKEN, world, { searchCap: CAP });
      const failure = await collect(
        searchChanged(http(), ['name', 'hs_lastmodifieddate'], minute(0), CAP),
      ).catch((e: unknown) => e);
      expect(failure).toMatchObject({ code: 'EPSA_RESPONSE' });
      expect((failure as { hint: string }).hint).toMatch(/full: true/);
    });
  });
});
