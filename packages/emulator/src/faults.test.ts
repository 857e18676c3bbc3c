import { describe, it, expect, beforeAll, afterAll, beforeEach } from '@jest/globals';
import { startEmulator } from './server.js';
import { parseFaultSpec } from './faults.js';
import type { RunningEmulator } from './types.js';
import { client, createOrganization, doc, type Client } from './test-support.js';

describe('fault injection', () => {
  let emulator: RunningEmulator;
  let api: Client;
  beforeAll(async () => {
    emulator = await startEmulator();
    api = client(emulator);
  });
  beforeEach(() => emulator.admin.reset());
  afterAll(() => emulator.stop());

  it.each(['500', '502', '503'] as const)(
    'answers an enqueued %s with a JSON:API error, once',
    async (kind) => {
      emulator.admin.enqueueFault({ kind });
      const failed = await api.get('/organizations');
      expect(failed.status).toBe(Number(kind));
      expect(failed.body.errors[0].status).toBe(Number(kind));
      expect((await api.get('/organizations')).status).toBe(200);
      expect(emulator.admin.stats().faultsInjected[kind]).toBe(1);
    },
  );

  it('answers 504 with the API Gateway body', async () => {
    emulator.admin.enqueueFault({ kind: '504' });
    const answer = await api.get('/organizations');
    expect(answer.status).toBe(504);
    expect(answer.body).toEqual({ message: 'Endpoint request timed out' });
  });

  it('resets the connection without an answer', async () => {
    emulator.admin.enqueueFault({ kind: 'reset' });
    await expect(
      fetch(`${emulator.url}/organizations`, { headers: { 'x-api-key': 'ITG.emulator' } }),
    ).rejects.toThrow();
    expect((await api.get('/organizations')).status).toBe(200);
    expect(emulator.admin.stats().requests.byStatus.reset).toBe(1);
  });

  it('slows a response by delayMs', async () => {
    emulator.admin.enqueueFault({ kind: 'slow', delayMs: 300 });
    const started = Date.now();
    expect((await api.get('/organizations')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('commit-then-fail applies the write and answers 502 (the duplicate trap)', async () => {
    emulator.admin.enqueueFault({ kind: 'commit-then-fail', method: 'POST', path: '/organizations' });
    const failed = await api.post('/organizations', doc('organizations', { name: 'Committed' }));
    expect(failed.status).toBe(502);
    const found = await api.get('/organizations?filter[name]=Committed');
    expect(found.body.data).toHaveLength(1);
    const stats = emulator.admin.stats();
    expect(stats).toMatchObject({ writesApplied: 1, creates: 1 });
    expect(stats.faultsInjected['commit-then-fail']).toBe(1);
  });

  it('commit-then-fail never hits reads', async () => {
    emulator.admin.enqueueFault({ kind: 'commit-then-fail' });
    expect((await api.get('/organizations')).status).toBe(200);
    const org = await createOrganization(api, 'x').catch((error: Error) => error);
    expect(org).toBeInstanceOf(Error);
  });

  it('answers an injected 429 with a short Retry-After, as configured per rule', async () => {
    emulator.admin.enqueueFault({ kind: '429' });
    const seconds = await api.get('/organizations');
    expect(seconds.status).toBe(429);
    expect(seconds.headers.get('retry-after')).toBe('1');
    emulator.admin.enqueueFault({ kind: '429', retryAfter: 'none' });
    expect((await api.get('/organizations')).headers.get('retry-after')).toBeNull();
    emulator.admin.enqueueFault({ kind: '429', retryAfter: 'http-date' });
    expect(Date.parse((await api.get('/organizations')).headers.get('retry-after') ?? '')).toBeGreaterThan(
      Date.now() - 1000,
    );
    expect(emulator.admin.stats().rateLimited).toBe(3);
  });

  it('matches rules by method and path prefix, for count requests', async () => {
    emulator.admin.enqueueFault({ kind: '503', method: 'GET', path: '/passwords', count: 2 });
    expect((await api.get('/organizations')).status).toBe(200);
    expect((await api.get('/passwords')).status).toBe(503);
    expect((await api.get('/passwords?page[size]=1')).status).toBe(503);
    expect((await api.get('/passwords')).status).toBe(200);
  });

  it('is enqueued over HTTP too', async () => {
    const response = await fetch(`${emulator.url}/__emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: '500', path: '/contacts' }),
    });
    expect(response.status).toBe(200);
    expect((await api.get('/contacts')).status).toBe(500);
    const bad = await fetch(`${emulator.url}/__emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'meteor' }),
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('EEMULATOR_FAULT_SPEC');
  });
});

describe('seeded fault rates', () => {
  const run = async (seed: number) => {
    const emulator = await startEmulator({ seed, faults: '500:0.2,502:0.1,503:0.1,slow:0.1,slowMs=1' });
    const api = client(emulator);
    const statuses: number[] = [];
    for (let n = 0; n < 40; n++) statuses.push((await api.get('/organization_types')).status);
    const stats = emulator.admin.stats();
    await emulator.stop();
    return { statuses, stats };
  };

  it('draws the same faults for the same seed and request sequence', async () => {
    const first = await run(7);
    const second = await run(7);
    const other = await run(8);
    expect(second.statuses).toEqual(first.statuses);
    expect(other.statuses).not.toEqual(first.statuses);
    const failures = first.statuses.filter((status) => status >= 500).length;
    expect(failures).toBeGreaterThan(4);
    expect(failures).toBeLessThan(30);
    expect(
      first.stats.faultsInjected['500'] +
        first.stats.faultsInjected['502'] +
        first.stats.faultsInjected['503'],
    ).toBe(failures);
  });

  it('consumes targeted rules given in the config', async () => {
    const emulator = await startEmulator({
      faults: { rules: [{ kind: '503', path: '/contacts', count: 1 }] },
    });
    const api = client(emulator);
    expect((await api.get('/organizations')).status).toBe(200);
    expect((await api.get('/contacts')).status).toBe(503);
    expect((await api.get('/contacts')).status).toBe(200);
    await emulator.stop();
  });

  it('can be turned off and on at runtime', async () => {
    const emulator = await startEmulator({ faults: '500:1' });
    const api = client(emulator);
    expect((await api.get('/organizations')).status).toBe(500);
    emulator.admin.configure({ faults: null });
    expect((await api.get('/organizations')).status).toBe(200);
    emulator.admin.configure({ faults: { rates: { '503': 1 } } });
    expect((await api.get('/organizations')).status).toBe(503);
    await emulator.stop();
  });
});

describe('parseFaultSpec', () => {
  it('parses kinds, rates and slowMs', () => {
    expect(
      parseFaultSpec('500:0.03,502:0.03,reset:0.01,slow:0.05,commit-then-fail:0.03,429:0.02,slowMs=2000'),
    ).toEqual({
      rates: { '500': 0.03, '502': 0.03, reset: 0.01, slow: 0.05, 'commit-then-fail': 0.03, '429': 0.02 },
      slowMs: 2000,
    });
  });

  it.each([
    ['meteor:0.1', 'unknown fault kind "meteor"'],
    ['500:2', 'rate of 500 must be between 0 and 1'],
    ['500', '"500" is not KIND:RATE or slowMs=MS'],
    ['500:0.6,502:0.6', 'fault rates add up to 1.200, more than 1'],
  ])('rejects %s with a clear message', (spec, message) => {
    expect(() => parseFaultSpec(spec)).toThrow(`Invalid fault spec: ${message}`);
    try {
      parseFaultSpec(spec);
    } catch (error) {
      expect((error as { code: string }).code).toBe('EEMULATOR_FAULT_SPEC');
    }
  });
});
