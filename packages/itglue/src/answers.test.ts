/**
 * What IT Glue answers becomes a catalogued error with its JSON:API details, or a validated model.
 * The emulator gives the real shapes; a tiny server gives the broken ones it never would.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { isGlueflowError } from './errors/index.js';
import { EMULATOR_KEY, startHarness } from './__fixtures__/harness.js';
import type { Harness } from './__fixtures__/harness.js';
import { json, startTinyServer } from './__fixtures__/tiny-server.js';
import type { TinyServer } from './__fixtures__/tiny-server.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ generate: { organizations: 1, perOrganization: 1 } });
});
afterAll(async () => h.close());

describe('IT Glue answers (emulator)', () => {
  it('403 (wrong key) names the three usual causes', async () => {
    const client = await h.client({ apiKey: 'ITG.not-the-right-key' });
    const error = await client.organizations.get(1).catch((e: unknown) => e);
    expect(isGlueflowError(error, 'EITGLUE_FORBIDDEN')).toBe(true);
    expect(error).toMatchObject({ status: 403, details: [{ status: 'forbidden' }] });
    expect((error as Error & { hint: string }).hint).toMatch(/90 days.*region/s);
  });

  it('get(id) of a missing record is null; the raw request is EITGLUE_NOT_FOUND', async () => {
    const client = await h.client();
    expect(await client.organizations.get(999_999)).toBeNull();
    expect(await client.passwords.get(999_999)).toBeNull();
    expect(await client.passwords.getWithValue(999_999)).toBeNull();
    const error = await client
      .request({ method: 'GET', path: '/organizations/999999' })
      .catch((e: unknown) => e);
    expect(isGlueflowError(error, 'EITGLUE_NOT_FOUND')).toBe(true);
  });

  it('an HTML 404 (unknown route) is EITGLUE_NO_ROUTE, and get() does not hide it as null', async () => {
    const client = await h.client();
    const error = await client
      .request({ method: 'DELETE', path: '/organizations/1' })
      .catch((e: unknown) => e);
    expect(isGlueflowError(error, 'EITGLUE_NO_ROUTE')).toBe(true);
    expect((error as Error).message).toBe('IT Glue has no route DELETE /organizations/1 (HTML 404 page)');
    expect((error as { requestId?: string }).requestId).toMatch(/^[0-9a-f-]{36}$/);
    const viaGet = await client
      .resource('no_such_things')
      .get(1)
      .catch((e: unknown) => e);
    expect(isGlueflowError(viaGet, 'EITGLUE_NO_ROUTE')).toBe(true);
  });

  it('422 is EITGLUE_VALIDATION with the pointer and detail', async () => {
    const client = await h.client();
    const error = await client.organizations.create({ name: '' }).catch((e: unknown) => e);
    expect(isGlueflowError(error, 'EITGLUE_VALIDATION')).toBe(true);
    expect((error as { details: unknown[] }).details[0]).toMatchObject({
      pointer: '/data/attributes/name',
      status: '422',
    });
    expect((error as Error).message).toMatch(/^IT Glue rejected POST \/organizations: /);
  });

  it('a body over 10 MB fails before sending, with the size', async () => {
    const client = await h.client();
    h.emulator.admin.resetStats();
    const error = await client
      .request({
        method: 'PATCH',
        path: '/organizations/1',
        body: { data: { type: 'organizations', attributes: { notes: 'x'.repeat(10.5 * 1024 * 1024) } } },
      })
      .catch((e: unknown) => e);
    expect(isGlueflowError(error, 'EITGLUE_TOO_LARGE')).toBe(true);
    expect((error as Error).message).toMatch(/would send 10\.5 MB, over IT Glue's request limit of 10\.0 MB/);
    expect(h.emulator.admin.stats().requests.total).toBe(0);
  });

  it('client.request() is the escape hatch: raw JSON, status, headers, request id, attempts', async () => {
    const client = await h.client();
    const response = await client.request<{ data: unknown[] }>({
      method: 'GET',
      path: '/organizations',
      query: { 'page[size]': 1, 'filter[name]': 'a,b' },
    });
    expect(response.status).toBe(200);
    expect(Array.isArray(response.data.data)).toBe(true);
    expect(response.headers['content-type']).toMatch(/json/);
    expect(response.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.attempts).toBe(1);
  });
});

describe('broken answers (tiny server)', () => {
  let server: TinyServer;
  beforeAll(async () => {
    server = await startTinyServer((req, res) => {
      const path = req.url ?? '';
      if (path.startsWith('/organizations/1'))
        return json(res, 200, {
          data: { id: '1', type: 'organizations', attributes: { name: { first: 'x' } } },
        });
      if (path.startsWith('/organizations/2')) return json(res, 200, { nope: true });
      if (path.startsWith('/organizations/3')) return json(res, 200, '<html>proxy login</html>', 'text/html');
      if (path.startsWith('/organizations/4')) return json(res, 200, '{"data": ', 'application/json');
      if (path.startsWith('/organizations/5'))
        return json(res, 401, { errors: [{ status: 401, title: 'Unauthorized' }] });
      if (path.startsWith('/organizations/6'))
        return json(res, 413, { message: 'Request Too Long' }, 'application/json');
      if (path.startsWith('/organizations/7'))
        return json(res, 415, { errors: [{ status: 415, title: 'Unsupported Media Type' }] });
      if (path.startsWith('/organizations')) {
        return json(res, 200, {
          data: [
            { id: '1', type: 'organizations', attributes: { name: 'ok' } },
            { id: null, type: 'organizations' },
          ],
        });
      }
      json(res, 404, '', 'text/plain');
    });
  });
  afterAll(async () => server.close());

  const client = () => h.client({ url: server.url, retry: { retries: 0 } });

  it('a strict attribute of an unusable type is EITGLUE_BAD_RESPONSE naming the spot, not a crash', async () => {
    const error = await (await client()).organizations.get(1).catch((e: unknown) => e);
    expect(isGlueflowError(error, 'EITGLUE_BAD_RESPONSE')).toBe(true);
    expect((error as Error).message).toBe(
      'IT Glue sent an unexpected answer to GET /organizations/1: data.attributes.name: expected string or number, received object',
    );
    expect((error as { requestId?: string }).requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('a body without data, an HTML 200 and cut JSON are one EITGLUE_BAD_RESPONSE each, with the request id', async () => {
    const c = await client();
    for (const id of [2, 3, 4]) {
      const error = await c.organizations.get(id).catch((e: unknown) => e);
      expect(isGlueflowError(error, 'EITGLUE_BAD_RESPONSE')).toBe(true);
      expect((error as { requestId?: string }).requestId).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('a bad record inside a list page is EITGLUE_BAD_RESPONSE with its index', async () => {
    const error = await (async () => {
      for await (const _org of (await client()).organizations.list());
    })().catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/data\[1\]\.id/);
  });

  it('401, 413 (gateway body) and other 4xx map to their codes', async () => {
    const c = await client();
    expect(await c.organizations.get(5).catch((e: unknown) => (e as { code: string }).code)).toBe(
      'EITGLUE_AUTH',
    );
    expect(await c.organizations.get(6).catch((e: unknown) => (e as { code: string }).code)).toBe(
      'EITGLUE_TOO_LARGE',
    );
    expect(await c.organizations.get(7).catch((e: unknown) => (e as { code: string }).code)).toBe(
      'EITGLUE_BAD_REQUEST',
    );
  });

  it('sends the key, JSON:API content type only with a body, and a user agent', async () => {
    const c = await client();
    server.requests.length = 0;
    await c.organizations.get(1).catch(() => undefined);
    await c.organizations.update(1, { name: 'n' }).catch(() => undefined);
    expect(server.requests[0]!.headers).toMatchObject({
      'x-api-key': EMULATOR_KEY,
      accept: 'application/vnd.api+json',
    });
    expect(server.requests[0]!.headers['content-type']).toBeUndefined();
    expect(server.requests[1]!.headers['content-type']).toBe('application/vnd.api+json');
    expect(server.requests[0]!.headers['user-agent']).toMatch(/^glueflow/);
  });
});
