/**
 * Every fault kind the emulator injects, and what the client does with it: idempotent verbs retry
 * and succeed; a POST retries only when it provably never reached IT Glue; otherwise it surfaces
 * as an ambiguous write. Retry delays are shortened by the harness (5–50 ms).
 */
import net from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { FaultKind } from '@glueflow/emulator';
import { isGlueflowError } from './errors/index.js';
import { startHarness } from './__fixtures__/harness.js';
import type { Harness } from './__fixtures__/harness.js';
import type { RetryEvent } from './hooks.js';
import type { ITGlueClient } from './itglue-client.js';

let h: Harness;
let orgId: string;
beforeAll(async () => {
  h = await startHarness({ generate: { organizations: 2, perOrganization: 1 } });
  const dump = await h.emulator.admin.dump();
  orgId = dump.organizations![0]!.id;
});
afterAll(async () => h.close());
beforeEach(() => h.emulator.admin.resetStats());

async function clientWithRetries(): Promise<{ client: ITGlueClient; retries: RetryEvent[] }> {
  const retries: RetryEvent[] = [];
  const client = await h.client({ hooks: { onRetry: (event) => retries.push(event) } });
  return { client, retries };
}

describe('GET retries every transient fault and succeeds', () => {
  const kinds: FaultKind[] = ['500', '502', '503', '504', 'reset'];
  it.each(kinds)('%s', async (kind) => {
    const { client, retries } = await clientWithRetries();
    h.emulator.admin.enqueueFault({ kind, count: 2, method: 'GET', path: `/organizations/${orgId}` });
    const org = await client.organizations.get(orgId);
    expect(org?.id).toBe(orgId);
    expect(retries.map((r) => r.reason)).toEqual(
      kind === 'reset' ? ['ECONNRESET', 'ECONNRESET'] : [kind, kind],
    );
    expect(h.emulator.admin.stats().faultsInjected[kind]).toBe(2);
    expect((await client.stats()).metrics).toMatchObject({ calls: 1, requests: 3, retries: 2, errors: 0 });
  });

  it('slow: a response timeout (per call) is retried — axios-retry would not by default', async () => {
    const { client, retries } = await clientWithRetries();
    h.emulator.admin.enqueueFault({
      kind: 'slow',
      delayMs: 1500,
      method: 'GET',
      path: `/organizations/${orgId}`,
    });
    const org = await client.organizations.get(orgId, { timeouts: { responseMs: 300 } });
    expect(org?.id).toBe(orgId);
    expect(retries.map((r) => r.reason)).toEqual(['ETIMEDOUT']);
  });

  it('a timeout that lasts is EITGLUE_TIMEOUT (response), with the time waited', async () => {
    const client = await h.client({ retry: { retries: 1 } });
    h.emulator.admin.enqueueFault({
      kind: 'slow',
      count: 2,
      delayMs: 1200,
      method: 'GET',
      path: `/organizations/${orgId}`,
    });
    const error = await client.organizations
      .get(orgId, { timeouts: { responseMs: 200 } })
      .catch((e: unknown) => e);
    expect(isGlueflowError(error, 'EITGLUE_TIMEOUT')).toBe(true);
    expect((error as Error).message).toMatch(/timed out after 200 ms waiting to get an answer/);
  });

  it('429 (injected, Retry-After 1 s): waits at least Retry-After, then succeeds', async () => {
    const { client, retries } = await clientWithRetries();
    h.emulator.admin.enqueueFault({ kind: '429', method: 'GET', path: `/organizations/${orgId}` });
    const started = Date.now();
    await client.organizations.get(orgId);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(retries[0]).toMatchObject({ reason: '429' });
    expect(retries[0]!.delayMs).toBeGreaterThanOrEqual(1000);
    expect((await client.stats()).metrics.rateLimited).toBe(1);
  });

  it('retries run out: the last answer becomes EITGLUE_SERVER with its status', async () => {
    const client = await h.client({ retry: { retries: 2 } });
    h.emulator.admin.enqueueFault({ kind: '503', count: 3, method: 'GET', path: `/organizations/${orgId}` });
    const error = await client.organizations.get(orgId).catch((e: unknown) => e);
    expect(isGlueflowError(error, 'EITGLUE_SERVER')).toBe(true);
    expect(error).toMatchObject({
      status: 503,
      where: `GET /organizations/${orgId}`,
      details: [{ status: '503', title: 'Service Unavailable' }],
    });
  });
});

describe('writes', () => {
  it('PATCH is retried after commit-then-fail and the result is the same record (idempotent)', async () => {
    const { client, retries } = await clientWithRetries();
    h.emulator.admin.enqueueFault({
      kind: 'commit-then-fail',
      method: 'PATCH',
      path: `/organizations/${orgId}`,
    });
    const org = await client.organizations.update(orgId, { description: 'patched twice, applied once' });
    expect(org.description).toBe('patched twice, applied once');
    expect(retries.map((r) => r.reason)).toEqual(['502']);
  });

  it('POST after commit-then-fail is an ambiguous write: not retried, one record created', async () => {
    const { client, retries } = await clientWithRetries();
    h.emulator.admin.enqueueFault({ kind: 'commit-then-fail', method: 'POST', path: '/organizations' });
    const error = await client.organizations.create({ name: 'Ambiguous Ltd' }).catch((e: unknown) => e);
    expect(isGlueflowError(error, 'EITGLUE_AMBIGUOUS_WRITE')).toBe(true);
    expect((error as Error & { hint: string }).hint).toMatch(/look the record up first/);
    expect(retries).toHaveLength(0);
    const found = [];
    for await (const org of client.organizations.list({ filter: { name: 'Ambiguous Ltd' } })) found.push(org);
    expect(found).toHaveLength(1);
  });

  it.each(['500', '502', '503', 'reset'] as FaultKind[])(
    'POST after %s is ambiguous, not retried',
    async (kind) => {
      const { client, retries } = await clientWithRetries();
      h.emulator.admin.enqueueFault({ kind, method: 'POST', path: '/organizations' });
      const error = await client.organizations.create({ name: `Maybe ${kind}` }).catch((e: unknown) => e);
      expect(isGlueflowError(error, 'EITGLUE_AMBIGUOUS_WRITE')).toBe(true);
      expect(retries).toHaveLength(0);
    },
  );

  it('POST with a response timeout is ambiguous', async () => {
    const client = await h.client();
    h.emulator.admin.enqueueFault({ kind: 'slow', delayMs: 800, method: 'POST', path: '/organizations' });
    const error = await client.organizations
      .create({ name: 'Slow Ltd' }, { timeouts: { responseMs: 150 } })
      .catch((e: unknown) => e);
    expect(isGlueflowError(error, 'EITGLUE_AMBIGUOUS_WRITE')).toBe(true);
    expect((error as Error).message).toMatch(/no answer within 150 ms/);
  });

  it('POST is retried after a 429: IT Glue answered before doing anything', async () => {
    const { client, retries } = await clientWithRetries();
    h.emulator.admin.enqueueFault({ kind: '429', method: 'POST', path: '/organizations' });
    const org = await client.organizations.create({ name: 'Throttled Then Created' });
    expect(org.name).toBe('Throttled Then Created');
    expect(retries.map((r) => r.reason)).toEqual(['429']);
  });

  it('POST is retried when the connection is refused (it never reached IT Glue), then fails as a network error', async () => {
    const port = await closedPort();
    const retries: RetryEvent[] = [];
    const client = await h.client({
      url: `http://127.0.0.1:${port}`,
      retry: { retries: 2 },
      hooks: { onRetry: (e) => retries.push(e) },
    });
    const error = await client.organizations.create({ name: 'Nobody home' }).catch((e: unknown) => e);
    expect(isGlueflowError(error, 'EITGLUE_NETWORK')).toBe(true);
    expect((error as Error).message).toMatch(/ECONNREFUSED/);
    expect(retries.map((r) => r.reason)).toEqual(['ECONNREFUSED', 'ECONNREFUSED']);
  });
});

describe('connect timeout', () => {
  let hang: net.Server;
  let port: number;
  const sockets = new Set<net.Socket>();
  beforeAll(async () => {
    // Accepts TCP but never answers the TLS handshake: the connection is never established.
    hang = net.createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => hang.listen(0, '127.0.0.1', resolve));
    port = (hang.address() as net.AddressInfo).port;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => hang.close(() => resolve()));
  });

  it('is its own error and, since nothing was sent, even a POST is retried', async () => {
    const retries: RetryEvent[] = [];
    const client = await h.client({
      url: `https://127.0.0.1:${port}`,
      timeouts: { connectMs: 150 },
      retry: { retries: 1 },
      hooks: { onRetry: (e) => retries.push(e) },
    });
    const error = await client.organizations.create({ name: 'x' }).catch((e: unknown) => e);
    expect(isGlueflowError(error, 'EITGLUE_TIMEOUT')).toBe(true);
    expect((error as Error).message).toMatch(/timed out after 150 ms waiting to connect/);
    expect(retries).toHaveLength(1);
    // Per call, too.
    const perCall = await client.organizations
      .get(1, { timeouts: { connectMs: 100 } })
      .catch((e: unknown) => e);
    expect((perCall as Error).message).toMatch(/after 100 ms waiting to connect/);
  });
});

describe('cancellation', () => {
  it('an aborted call stops waiting (in flight or queued) and is EITGLUE_ABORTED, not retried', async () => {
    const { client, retries } = await clientWithRetries();
    h.emulator.admin.enqueueFault({
      kind: 'slow',
      delayMs: 1000,
      method: 'GET',
      path: `/organizations/${orgId}`,
    });
    const controller = new AbortController();
    const inFlight = client.organizations.get(orgId, { signal: controller.signal }).catch((e: unknown) => e);
    setTimeout(() => controller.abort(), 50);
    expect(await inFlight).toMatchObject({ code: 'EITGLUE_ABORTED' });
    expect(retries).toHaveLength(0);
    const before = new AbortController();
    before.abort();
    await expect(client.organizations.get(orgId, { signal: before.signal })).rejects.toMatchObject({
      code: 'EITGLUE_ABORTED',
    });
    expect(client.circuitOpen()).toBe(false);
  });
});

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
