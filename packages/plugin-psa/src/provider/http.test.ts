import { afterEach, describe, expect, it } from '@jest/globals';
import { startFakeServer, type FakeServer } from '../__fixtures__/fake-server.js';
import { createPsaHttp, type PsaHttpOptions } from './http.js';

let fake: FakeServer | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const ok = () => ({ status: 200, body: { ok: true } });
const http = (overrides: Partial<PsaHttpOptions> = {}) =>
  createPsaHttp({
    label: 'Test PSA',
    baseUrl: fake!.url,
    credentialHints: { 401: 'check connection.token', 403: 'check the scopes' },
    rateLimit: { concurrency: 2 },
    retries: 2,
    ...overrides,
  });

describe('the PSA HTTP layer', () => {
  it('keeps at most `concurrency` requests in flight', async () => {
    fake = await startFakeServer(ok);
    fake.latencyMs = 40;
    const client = http({ rateLimit: { concurrency: 3 } });
    await Promise.all(Array.from({ length: 12 }, () => client.request({ url: 'x' })));
    expect(fake.requests).toHaveLength(12);
    expect(fake.maxInFlight).toBeLessThanOrEqual(3);
    expect(fake.maxInFlight).toBeGreaterThan(1);
  });

  it('starts at most `intervalCap` requests in any sliding window', async () => {
    fake = await startFakeServer(ok);
    const client = http({ rateLimit: { concurrency: 10, intervalCap: 4, intervalMs: 300 } });
    const started = Date.now();
    await Promise.all(Array.from({ length: 9 }, () => client.request({ url: 'x' })));
    // Lower bounds only (a loaded machine can only make things later): 9 requests need 3 windows,
    // and no more than 4 can have arrived within the first window.
    expect(Date.now() - started).toBeGreaterThanOrEqual(600);
    expect(fake.requests.filter((r) => r.at - started < 300).length).toBeLessThanOrEqual(4);
  });

  it('pauses every request until an HTTP-date Retry-After, then retries', async () => {
    fake = await startFakeServer(ok);
    fake.fault({ status: 429, retryAfter: new Date(Date.now() + 2000).toUTCString() });
    const client = http();
    await client.request({ url: 'a' });
    expect(fake.requests).toHaveLength(2);
    expect(fake.requests[1]!.at - fake.requests[0]!.at).toBeGreaterThanOrEqual(900);
  });

  it('retries 5xx on GET and query POSTs, never on other POSTs', async () => {
    fake = await startFakeServer(ok);
    fake.fault({ status: 502 });
    await http().request({ url: 'a' });
    expect(fake.requests).toHaveLength(2);

    fake.fault({ status: 503 });
    await http().request({ method: 'POST', url: 'query', body: {}, idempotent: true });
    expect(fake.requests).toHaveLength(4);

    fake.fault({ status: 503 });
    const failed = await http()
      .request({ method: 'POST', url: 'create', body: {} })
      .catch((e: unknown) => e);
    expect(failed).toMatchObject({ code: 'EPSA_HTTP', status: 503 });
    expect(fake.requests).toHaveLength(5);
  });

  it('turns 401/403/404 into coded errors without the request headers', async () => {
    fake = await startFakeServer((r) => ({
      status: r.path === '/nope' ? 404 : r.path === '/denied' ? 403 : 401,
    }));
    const client = http({ headers: () => ({ Authorization: 'Bearer TOKEN-VALUE-123' }) });
    const unauthorized = await client.request({ url: 'x' }).catch((e: unknown) => e);
    expect(unauthorized).toMatchObject({ code: 'EPSA_AUTH', status: 401, hint: 'check connection.token' });
    const forbidden = await client.request({ url: 'denied' }).catch((e: unknown) => e);
    expect(forbidden).toMatchObject({ code: 'EPSA_AUTH', status: 403, hint: 'check the scopes' });
    const missing = await client.request({ url: 'nope' }).catch((e: unknown) => e);
    expect(missing).toMatchObject({ code: 'EPSA_HTTP', status: 404 });
    expect((missing as { hint: string }).hint).toMatch(/connection URL/);
    for (const error of [unauthorized, forbidden, missing]) {
      expect(JSON.stringify(error)).not.toContain('TOKEN-VALUE-123');
      expect((error as { cause?: unknown }).cause).toBeUndefined();
    }
  });

  it('refuses to follow a next link to another host', async () => {
    fake = await startFakeServer(ok);
    const failed = await http()
      .request({ url: 'http://127.0.0.2:9/steal' })
      .catch((e: unknown) => e);
    expect(failed).toMatchObject({ code: 'EPSA_RESPONSE' });
    expect(fake.requests).toHaveLength(0);
  });

  it('reports an unreachable PSA as EPSA_NETWORK after the retries', async () => {
    fake = await startFakeServer(ok);
    const url = fake.url;
    await fake.close();
    fake = undefined;
    const failed = await createPsaHttp({
      label: 'Test PSA',
      baseUrl: url,
      credentialHints: { 401: '', 403: '' },
      rateLimit: { concurrency: 1 },
      retries: 1,
    })
      .request({ url: 'x' })
      .catch((e: unknown) => e);
    expect(failed).toMatchObject({ code: 'EPSA_NETWORK' });
    expect((failed as Error).message).toContain('ECONNREFUSED');
  });
});
