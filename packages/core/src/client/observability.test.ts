/**
 * Logs, hooks, metrics and health. The redaction proof: run real traffic with a debug-level file
 * logger — a password value read and written, a wrong key, faults, retries, failed writes — then
 * grep the file for the API keys and the password value.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createLogger } from '../logging/index.js';
import { EMULATOR_KEY, startHarness } from './__fixtures__/harness.js';
import type { Harness } from './__fixtures__/harness.js';
import type { RequestEvent, RetryEvent } from './hooks.js';

let h: Harness;
let orgId: string;
let dir: string;
beforeAll(async () => {
  h = await startHarness({ generate: { organizations: 1, perOrganization: 1 } });
  orgId = (await h.emulator.admin.dump()).organizations![0]!.id;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'glueflow-obs-'));
});
afterAll(async () => {
  await h.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function flush(logger: ReturnType<typeof createLogger>): Promise<void> {
  await new Promise<void>((resolve) => {
    logger.on('finish', () => resolve());
    logger.end();
  });
  await new Promise((resolve) => setTimeout(resolve, 50));
}

describe('redaction at debug level', () => {
  it('the debug log holds request lines but neither API key nor any password value', async () => {
    const file = path.join(dir, 'debug.log');
    const logger = createLogger({ level: 'debug', file });
    const client = await h.client({ logger, retry: { retries: 1 } });
    const VALUE = 'Pa55-w0rd-VALUE-42';
    const created = await client.passwords.create({
      organizationId: orgId,
      name: 'Firewall',
      password: VALUE,
    });
    expect((await client.passwords.getWithValue(created.id))?.password).toBe(VALUE);
    h.emulator.admin.enqueueFault({ kind: '500', count: 2, method: 'PATCH', path: '/passwords' });
    await client.passwords.update(created.id, { password: `${VALUE}-rotated` }).catch(() => undefined);
    h.emulator.admin.enqueueFault({ kind: 'reset', method: 'POST', path: '/passwords' });
    await client.passwords
      .create({ organizationId: orgId, name: 'Ambiguous', password: VALUE })
      .catch(() => undefined);
    await client.passwords
      .create({ organizationId: orgId, name: '', password: VALUE })
      .catch(() => undefined);
    const wrongKey = await h.client({ logger, apiKey: 'ITG.wrong-key-7f3a9c' });
    await wrongKey.passwords.getWithValue(created.id).catch(() => undefined);
    // A careless caller logging raw data through the same logger is masked too.
    logger.debug('caller dump', {
      headers: { 'x-api-key': EMULATOR_KEY },
      body: { data: { attributes: { password: VALUE } } },
    });
    await flush(logger);

    const text = fs.readFileSync(file, 'utf8');
    const lines = text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(
      lines.some(
        (l) =>
          l.message === 'itglue request' &&
          l.method === 'GET' &&
          l.status === 200 &&
          typeof l.durationMs === 'number',
      ),
    ).toBe(true);
    expect(lines.some((l) => l.message === 'itglue retry' && l.reason === '500')).toBe(true);
    expect(
      lines.some(
        (l) =>
          l.message === 'itglue call failed' &&
          (l.error as { code?: string }).code === 'EITGLUE_AMBIGUOUS_WRITE',
      ),
    ).toBe(true);
    expect(lines.every((l) => l.component === undefined || l.instance === 'default')).toBe(true);
    expect(text).not.toContain(EMULATOR_KEY);
    expect(text).not.toContain('wrong-key-7f3a9c');
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
