import { afterEach, describe, expect, it } from '@jest/globals';
import { collect, testEnvironment } from '../__fixtures__/environment.js';
import { startFakeAutotask, type FakeAutotask } from '../__fixtures__/fake-autotask.js';
import { makeWorld } from '../__fixtures__/world.js';
import { autotask } from './autotask.js';

const secrets = { AT_SECRET: 's3cr3t-VALUE', AT_CODE: 'TRACKING-ID-42' };
const credentials = {
  username: 'api@msp.example',
  secret: 's3cr3t-VALUE',
  integrationCode: 'TRACKING-ID-42',
};

let fake: FakeAutotask | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

function provider(extra: Record<string, unknown> = {}, env = testEnvironment(secrets)) {
  const connection = autotask.connection.parse({
    username: 'api@msp.example',
    secret: { env: 'AT_SECRET' },
    integrationCode: { env: 'AT_CODE' },
    zoneLookupUrl: fake!.lookupUrl,
    http: { retries: 2 },
    ...extra,
  });
  return autotask.create(connection, env);
}

describe('autotask provider', () => {
  it('looks the zone up, queries Companies 500 at a time and follows nextPageUrl with the three headers', async () => {
    const world = makeWorld(1200);
    fake = await startFakeAutotask(credentials, world);
    const companies = await collect(provider().listCompanies());

    expect(companies).toHaveLength(1200);
    const methods = fake.requests.map((r) => `${r.method} ${r.path}`);
    expect(methods).toEqual([
      'GET /atservicesrest/v1.0/zoneInformation',
      'GET /atservicesrest/v1.0/Companies/entityInformation/fields',
      'POST /atservicesrest/v1.0/Companies/query',
      'GET /atservicesrest/v1.0/Companies/query/next',
      'GET /atservicesrest/v1.0/Companies/query/next',
    ]);
    expect(fake.requests[0]!.headers.secret).toBeUndefined();
    const query = fake.requests[2]!;
    expect(JSON.parse(query.body)).toMatchObject({
      MaxRecords: 500,
      filter: [{ op: 'gte', field: 'id', value: 0 }],
    });
    expect(query.headers).toMatchObject({
      apiintegrationcode: 'TRACKING-ID-42',
      username: 'api@msp.example',
      secret: 's3cr3t-VALUE',
    });
    const source = world.companies[0]!;
    expect(companies[0]).toEqual({
      ...source,
      types: ['Managed Services Client'],
      address: { ...source.address, country: null },
    });
    expect(companies[2]!.types).toEqual(['Prospect']);
  });

  it('filters on lastTrackedModifiedDateTime for incremental runs', async () => {
    const world = makeWorld(10);
    world.companies[4]!.updatedAt = '2026-05-01T08:00:00.000Z';
    world.companies[4]!.active = false;
    fake = await startFakeAutotask(credentials, world);
    const changed = await collect(provider().listCompanies({ since: '2026-04-30T00:00:00.000Z' }));
    expect(changed.map((c) => [c.id, c.active, c.status])).toEqual([['1004', false, 'Inactive']]);
    const body = JSON.parse(fake.requests.find((r) => r.method === 'POST')!.body);
    expect(body.filter).toEqual([
      { op: 'gt', field: 'lastTrackedModifiedDateTime', value: '2026-04-30T00:00:00.000Z' },
    ]);
  });

  it('skips the lookup when zoneUrl is configured, and lists contacts', async () => {
    const world = makeWorld(3);
    fake = await startFakeAutotask(credentials, world);
    const contacts = await collect(provider({ zoneUrl: fake.lookupUrl }).listContacts!());
    expect(contacts).toEqual(world.contacts);
    expect(fake.requests.some((r) => r.path.endsWith('zoneInformation'))).toBe(false);
  });

  it('names the credentials to check on 401, and the user name when no zone is known', async () => {
    fake = await startFakeAutotask({ ...credentials, secret: 'other' }, makeWorld(2));
    const env = testEnvironment(secrets);
    const refused = await collect(provider({}, env).listCompanies()).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'EPSA_AUTH', status: 401 });
    expect((refused as { hint: string }).hint).toMatch(
      /connection\.username, connection\.secret and connection\.integrationCode/,
    );

    const unknown = await collect(provider({ username: 'nobody@msp.example' }, env).listCompanies()).catch(
      (e: unknown) => e,
    );
    expect(unknown).toMatchObject({ code: 'EPSA_AUTH' });
    expect((unknown as Error).message).toContain('nobody@msp.example');
    expect(JSON.stringify([refused, unknown, env.logs])).not.toMatch(/s3cr3t-VALUE|TRACKING-ID-42/);
  });

  it('refuses a zone the lookup answers with plain http: the credentials never travel unencrypted', async () => {
    fake = await startFakeAutotask(credentials, makeWorld(2));
    fake.zoneAnswer = 'http://webservices5.autotask.net/atservicesrest';
    const env = testEnvironment(secrets);
    const error = await collect(provider({}, env).listCompanies()).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'EPSA_RESPONSE' });
    expect((error as Error).message).toBe(
      'refusing plain http for Autotask at http://webservices5.autotask.net: the credentials would travel unencrypted',
    );
    expect(fake.requests.filter((r) => !r.path.endsWith('zoneInformation'))).toEqual([]);
  });

  it('honours Retry-After on a 429 from the query', async () => {
    fake = await startFakeAutotask(credentials, makeWorld(3));
    fake.fault({ status: 429, retryAfter: '1', path: '/atservicesrest/v1.0/Companies/query' });
    const companies = await collect(provider().listCompanies());
    expect(companies).toHaveLength(3);
    const queries = fake.requests.filter((r) => r.path.endsWith('/Companies/query'));
    expect(queries).toHaveLength(2);
    expect(queries[1]!.at - queries[0]!.at).toBeGreaterThanOrEqual(950);
  });

  it('refuses more than 3 requests in flight or 10,000 an hour in its options', () => {
    const base = { username: 'u', secret: { env: 'S' }, integrationCode: { env: 'C' } };
    expect(autotask.connection.safeParse({ ...base, concurrency: 4 }).success).toBe(false);
    expect(autotask.connection.safeParse({ ...base, requestsPerHour: 10_001 }).success).toBe(false);
    expect(autotask.connection.safeParse({ ...base, requestsPerHour: 10_000, concurrency: 3 }).success).toBe(
      true,
    );
  });
});
