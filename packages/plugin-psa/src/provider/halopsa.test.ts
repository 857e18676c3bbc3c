import { afterEach, describe, expect, it } from '@jest/globals';
import { collect, testEnvironment } from '../__fixtures__/environment.js';
import { startFakeHalo, type FakeHalo } from '../__fixtures__/fake-halo.js';
import { makeWorld } from '../__fixtures__/world.js';
import { halopsa } from './halopsa.js';

const secrets = { HALO_ID: 'halo-client-id', HALO_SECRET: 'halo-SECRET-value' };
const credentials = { clientId: 'halo-client-id', clientSecret: 'halo-SECRET-value', tenant: 'acme' };

let fake: FakeHalo | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

function provider(env = testEnvironment(secrets)) {
  const connection = halopsa.connection.parse({
    url: fake!.url,
    tenant: 'acme',
    clientId: { env: 'HALO_ID' },
    clientSecret: { env: 'HALO_SECRET' },
    http: { retries: 1 },
  });
  return halopsa.create(connection, env);
}

describe('halopsa provider', () => {
  it('gets a client-credentials token once and pages /api/Client with pageinate, inactive clients included', async () => {
    const world = makeWorld(250);
    world.companies[10]!.active = false;
    world.companies[10]!.status = 'Inactive';
    fake = await startFakeHalo(credentials, world);
    const env = testEnvironment(secrets);
    const companies = await collect(provider(env).listCompanies());

    expect(companies).toHaveLength(250);
    expect(fake.tokensIssued).toBe(1);
    const [tokenRequest, ...pages] = fake.requests;
    expect(tokenRequest!.url.searchParams.get('tenant')).toBe('acme');
    expect(Object.fromEntries(new URLSearchParams(tokenRequest!.body))).toEqual({
      grant_type: 'client_credentials',
      client_id: 'halo-client-id',
      client_secret: 'halo-SECRET-value',
      scope: 'all',
    });
    expect(pages.map((r) => r.url.searchParams.get('page_no'))).toEqual(['1', '2', '3']);
    expect(pages[0]!.url.searchParams.get('pageinate')).toBe('true');
    expect(pages[0]!.headers.authorization).toBe('Bearer halo-token-1');
    // The token is masked in every output from the moment it is issued.
    expect(env.masked).toEqual(['halo-token-1']);
    expect(companies[10]).toMatchObject({ active: false, status: 'Inactive' });
    expect(companies[0]).toMatchObject({
      id: '1000',
      identifier: world.companies[0]!.identifier,
      name: world.companies[0]!.name,
      types: ['Managed Services Client'],
      phone: world.companies[0]!.phone,
    });
  });

  it('fetches a new token before the current one expires', async () => {
    fake = await startFakeHalo(credentials, makeWorld(250));
    fake.expiresIn = 30; // inside the one-minute refresh margin: every call needs a fresh token
    await collect(provider().listCompanies());
    expect(fake.tokensIssued).toBe(3);
  });

  it('fetches a new token once when the API says 401 (revoked), then carries on', async () => {
    fake = await startFakeHalo(credentials, makeWorld(150));
    const companies = provider().listCompanies()[Symbol.asyncIterator]();
    await companies.next();
    fake.revokeTokens();
    let count = 1;
    while (!(await companies.next()).done) count++;
    expect(count).toBe(150);
    expect(fake.tokensIssued).toBe(2);
  });

  it('names the client id and secret when the token is refused, without their values', async () => {
    fake = await startFakeHalo({ ...credentials, clientSecret: 'rotated' }, makeWorld(1));
    const env = testEnvironment(secrets);
    const failure = await collect(provider(env).listCompanies()).catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 'EPSA_AUTH', status: 401 });
    expect((failure as { hint: string }).hint).toMatch(/connection\.clientId and connection\.clientSecret/);
    expect(JSON.stringify([failure, env.logs])).not.toContain('halo-SECRET-value');
  });

  it('retries a 429 from the API after Retry-After, and lists users as contacts', async () => {
    const world = makeWorld(2);
    fake = await startFakeHalo(credentials, world);
    fake.fault({ status: 429, retryAfter: '1', path: '/api/Users' });
    const contacts = await collect(provider().listContacts!());
    expect(contacts).toEqual(world.contacts.map((c) => ({ ...c, updatedAt: null })));
    expect(fake.requests.filter((r) => r.path === '/api/Users')).toHaveLength(2);
  });
});
