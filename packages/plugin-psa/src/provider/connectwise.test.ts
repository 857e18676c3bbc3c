import { afterEach, describe, expect, it } from '@jest/globals';
import { collect, testEnvironment } from '../__fixtures__/environment.js';
import { startFakeConnectWise, type FakeConnectWise } from '../__fixtures__/fake-connectwise.js';
import { makeWorld } from '../__fixtures__/world.js';
import { connectwise } from './connectwise.js';

const secrets = { CW_PUBLIC: 'pub-KEY-1', CW_PRIVATE: 'priv-SECRET-2', CW_CLIENT: 'client-GUID-3' };
const credentials = {
  companyId: 'acme',
  publicKey: 'pub-KEY-1',
  privateKey: 'priv-SECRET-2',
  clientId: 'client-GUID-3',
};

let fake: FakeConnectWise | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

function provider(url: string, env = testEnvironment(secrets), extra: Record<string, unknown> = {}) {
  const connection = connectwise.connection.parse({
    url,
    companyId: 'acme',
    publicKey: { env: 'CW_PUBLIC' },
    privateKey: { env: 'CW_PRIVATE' },
    clientId: { env: 'CW_CLIENT' },
    http: { retries: 2 },
    ...extra,
  });
  return connectwise.create(connection, env);
}

describe('connectwise provider', () => {
  it('pages /company/companies by the Link header with Basic auth and the clientId header', async () => {
    const world = makeWorld(2500);
    fake = await startFakeConnectWise(credentials, world);
    const companies = await collect(provider(fake.apiUrl).listCompanies());

    expect(companies).toHaveLength(2500);
    expect(companies[42]).toEqual(world.companies[42]);
    expect(fake.requests).toHaveLength(3);
    const first = fake.requests[0]!;
    expect(first.url.searchParams.get('pageSize')).toBe('1000');
    expect(first.url.searchParams.get('conditions')).toBe('deletedFlag = false');
    expect(first.headers.authorization).toBe(
      `Basic ${Buffer.from('acme+pub-KEY-1:priv-SECRET-2').toString('base64')}`,
    );
    expect(first.headers.clientid).toBe('client-GUID-3');
    expect(fake.requests.map((r) => r.url.searchParams.get('page'))).toEqual(['1', '2', '3']);
  });

  it('stops after a last page that is exactly full when the server sends Link headers', async () => {
    fake = await startFakeConnectWise(credentials, makeWorld(2000));
    const companies = await collect(provider(fake.apiUrl).listCompanies());
    expect(companies).toHaveLength(2000);
    expect(fake.requests.map((r) => r.url.searchParams.getAll('page'))).toEqual([['1'], ['2']]);
  });

  it('falls back to page numbers while pages come back full when no Link header is sent', async () => {
    fake = await startFakeConnectWise(credentials, makeWorld(30));
    fake.linkHeaders = false;
    const companies = await collect(provider(fake.apiUrl, undefined, { pageSize: 10 }).listCompanies());
    expect(companies.map((c) => c.id)).toEqual(makeWorld(30).companies.map((c) => c.id));
    expect(fake.requests).toHaveLength(4);
  });

  it('asks for changes since the bookmark and returns deleted companies flagged', async () => {
    const world = makeWorld(20);
    world.companies[3]!.updatedAt = '2026-03-01T10:00:00.000Z';
    world.companies[7]!.updatedAt = '2026-03-02T10:00:00.000Z';
    world.companies[7]!.deleted = true;
    fake = await startFakeConnectWise(credentials, world);

    const changed = await collect(provider(fake.apiUrl).listCompanies({ since: '2026-02-28T00:00:00.500Z' }));

    expect(fake.requests[0]!.url.searchParams.get('conditions')).toBe(
      '_info/lastUpdated > [2026-02-28T00:00:00Z]',
    );
    expect(changed.map((c) => [c.id, c.deleted, c.active])).toEqual([
      ['1003', false, true],
      ['1007', true, false],
    ]);
  });

  it('maps an inactive status to active: false', async () => {
    const world = makeWorld(3);
    world.companies[1]!.status = 'Inactive';
    fake = await startFakeConnectWise(credentials, world);
    const companies = await collect(provider(fake.apiUrl).listCompanies());
    expect(companies.map((c) => c.active)).toEqual([true, false, true]);
  });

  it('names the keys to check on 401 and the clientId on 403, never the secret values', async () => {
    fake = await startFakeConnectWise({ ...credentials, privateKey: 'other' }, makeWorld(1));
    const env = testEnvironment(secrets);
    const failure = await collect(provider(fake.apiUrl, env).listCompanies()).catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 'EPSA_AUTH', status: 401 });
    expect((failure as { hint: string }).hint).toMatch(/connection\.publicKey and connection\.privateKey/);
    await fake.close();

    fake = await startFakeConnectWise({ ...credentials, clientId: 'another-client' }, makeWorld(1));
    const forbidden = await collect(provider(fake.apiUrl, env).listCompanies()).catch((e: unknown) => e);
    expect(forbidden).toMatchObject({ code: 'EPSA_AUTH', status: 403 });
    expect((forbidden as { hint: string }).hint).toMatch(/connection\.clientId/);

    const shown = JSON.stringify([failure, forbidden, (failure as Error).message, env.logs]);
    for (const value of Object.values(secrets)) expect(shown).not.toContain(value);
    expect(shown).not.toContain(Buffer.from('acme+pub-KEY-1:priv-SECRET-2').toString('base64'));
  });

  it('waits for Retry-After on 429 and retries 503s', async () => {
    fake = await startFakeConnectWise(credentials, makeWorld(5));
    fake.fault({ status: 429, retryAfter: '1' });
    fake.fault({ status: 503 });
    const companies = await collect(provider(fake.apiUrl).listCompanies());
    expect(companies).toHaveLength(5);
    expect(fake.requests).toHaveLength(3);
    expect(fake.requests[1]!.at - fake.requests[0]!.at).toBeGreaterThanOrEqual(950);
  });

  it('gives up with EPSA_RATE_LIMITED when Retry-After is longer than the configured wait', async () => {
    fake = await startFakeConnectWise(credentials, makeWorld(5));
    fake.fault({ status: 429, retryAfter: '3600' });
    const failure = await collect(provider(fake.apiUrl).listCompanies()).catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 'EPSA_RATE_LIMITED' });
    expect((failure as Error).message).toContain('Retry-After 3600 s');
    expect(fake.requests).toHaveLength(1);
  });

  it('lists contacts with their e-mail communication items', async () => {
    const world = makeWorld(3);
    fake = await startFakeConnectWise(credentials, world);
    const contacts = await collect(provider(fake.apiUrl).listContacts!());
    expect(contacts).toEqual(world.contacts);
  });

  it('refuses http:// to a remote host and literal secrets in the connection', () => {
    const http = connectwise.connection.safeParse({
      url: 'http://cw.example.com/v4_6_release/apis/3.0',
      companyId: 'acme',
      publicKey: { env: 'A' },
      privateKey: 'literal-value',
      clientId: { env: 'C' },
    });
    expect(http.success).toBe(false);
    const paths = http.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['url', 'privateKey']));
    expect(JSON.stringify(http.error!.issues)).not.toContain('literal-value');
  });
});
