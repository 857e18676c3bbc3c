/**
 * Logs, hooks, metrics and health. The redaction proof with core's winston logger (a redactor
 * attached) is core/src/logging/client-logging.test.ts; here a plain structural logger.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { captureLogger } from './__fixtures__/capture-logger.js';
import { EMULATOR_KEY, startHarness } from './__fixtures__/harness.js';
import type { Harness } from './__fixtures__/harness.js';
import type { RequestEvent, RetryEvent } from './hooks.js';

let h: Harness;
let orgId: string;
beforeAll(async () => {
  h = await startHarness({ generate: { organizations: 1, perOrganization: 1 } });
  orgId = (await h.emulator.admin.dump()).organizations![0]!.id;
});
afterAll(async () => {
  await h.close();
});

describe('a plain structural logger', () => {
  it('gets request lines with their meta, but neither API key nor password value, without a redactor', async () => {
    const logger = captureLogger();
    const client = await h.client({ logger, retry: { retries: 1 } });
    const VALUE = 'Pa55-w0rd-PLAIN-77';
    const created = await client.passwords.create({ organizationId: orgId, name: 'Plain', password: VALUE });
    expect((await client.passwords.getWithValue(created.id))?.password).toBe(VALUE);
    h.emulator.admin.enqueueFault({ kind: '500', count: 2, method: 'PATCH', path: '/passwords' });
    await client.passwords.update(created.id, { password: `${VALUE}-rotated` }).catch(() => undefined);
    const wrongKey = await h.client({ logger, apiKey: 'ITG.wrong-key-plain-51' });
    await wrongKey.passwords.getWithValue(created.id).catch(() => undefined);

    // No `child` on this logger: the client adds its component and instance itself.
    const request = logger.lines.find((l) => l.message === 'itglue request' && l.method === 'GET');
    expect(request).toMatchObject({ level: 'debug', component: 'itglue', instance: 'default', status: 200 });
    expect(logger.lines.some((l) => l.message === 'itglue retry' && l.reason === '500')).toBe(true);
    const text = JSON.stringify(logger.lines);
    expect(text).not.toContain(EMULATOR_KEY);
    expect(text).not.toContain('wrong-key-plain-51');
    expect(text).not.toContain(VALUE);
  });
});

describe('errors carry no secrets', () => {
  it('util.inspect of a failed call (what Node prints when it goes uncaught) shows neither key nor body', async () => {
    const { inspect } = await import('node:util');
    const client = await h.client({ retry: { retries: 0 } });
    h.emulator.admin.enqueueFault({ kind: '500', method: 'POST', path: '/passwords' });
    const error = await client.passwords
      .create({ organizationId: orgId, name: 'x', password: 'Body-Secret-99' })
      .catch((e: unknown) => e);
    expect((error as { code: string }).code).toBe('EITGLUE_AMBIGUOUS_WRITE');
    const printed = inspect(error, { depth: 10 });
    expect(printed).toContain('AxiosError');
    expect(printed).not.toContain(EMULATOR_KEY);
    expect(printed).not.toContain('Body-Secret-99');
  });
});

describe('hooks and metrics', () => {
  it('onRequest per attempt (request id, method, path, status, duration, attempt), onRetry, RED metrics', async () => {
    const requests: RequestEvent[] = [];
    const retries: RetryEvent[] = [];
    const client = await h.client({
      hooks: {
        onRequest: (e) => requests.push(e),
        onRetry: (e) => retries.push(e),
      },
    });
    h.emulator.admin.enqueueFault({ kind: '502', method: 'GET', path: `/organizations/${orgId}` });
    await client.organizations.get(orgId);
    for (let i = 0; i < 8; i++) await client.organizations.get(orgId);
    await client.organizations.get(987654);
    expect(requests[0]).toMatchObject({
      method: 'GET',
      path: `/organizations/${orgId}`,
      attempt: 1,
      status: 502,
      priority: 'interactive',
    });
    expect(requests[1]).toMatchObject({ attempt: 2, status: 200, requestId: requests[0]!.requestId });
    expect(retries).toEqual([
      expect.objectContaining({ attempt: 2, reason: '502', requestId: requests[0]!.requestId }),
    ]);
    const { metrics } = await client.stats();
    expect(metrics).toMatchObject({
      calls: 10,
      requests: 11,
      retries: 1,
      errors: 1,
      byStatus: { '200': 9, '404': 1, '502': 1 },
    });
    expect(metrics.byErrorCode).toEqual({ EITGLUE_NOT_FOUND: 1 });
    expect(metrics.latencyMs.p50).toEqual(expect.any(Number));
    expect(metrics.latencyMs.p95).toBeGreaterThanOrEqual(metrics.latencyMs.p50!);
  });

  it('a throwing hook listener never breaks a request', async () => {
    const client = await h.client({
      hooks: {
        onRequest: () => {
          throw new Error('exporter down');
        },
      },
    });
    expect((await client.organizations.get(orgId))?.id).toBe(orgId);
  });
});

describe('health()', () => {
  it('ok with a valid key: response time, circuit and budget', async () => {
    const client = await h.client();
    const health = await client.health();
    expect(health).toMatchObject({
      status: 'ok',
      apiKeyValid: true,
      circuit: { state: 'closed' },
      budget: { configuredLimit: 3000, pausedUntil: null },
      baseUrl: h.emulator.url,
    });
    expect(health.responseTimeMs).toEqual(expect.any(Number));
  });

  it('down with apiKeyValid false for a rejected key, with the hint', async () => {
    const client = await h.client({ apiKey: 'ITG.revoked' });
    const health = await client.health();
    expect(health).toMatchObject({
      status: 'down',
      apiKeyValid: false,
      error: { code: 'EITGLUE_FORBIDDEN' },
    });
    expect(health.error?.hint).toMatch(/90 days/);
  });

  it('down with apiKeyValid unknown when IT Glue cannot be reached', async () => {
    const client = await h.client({ url: 'http://127.0.0.1:9', retry: { retries: 0 } });
    expect(await client.health()).toMatchObject({
      status: 'down',
      apiKeyValid: null,
      responseTimeMs: null,
      error: { code: 'EITGLUE_NETWORK' },
    });
  });

  it('a closed client refuses calls with EITGLUE_CLOSED', async () => {
    const client = await h.client();
    await client.close();
    await expect(client.organizations.get(orgId)).rejects.toMatchObject({ code: 'EITGLUE_CLOSED' });
  });
});
