import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { isGlueflowError } from './errors/index.js';
import { FakeClock } from './__fixtures__/fake-clock.js';
import { startHarness } from './__fixtures__/harness.js';
import type { Harness } from './__fixtures__/harness.js';
import { CircuitBreaker } from './circuit-breaker.js';
import type { CircuitStateChange } from './circuit-breaker.js';

describe('CircuitBreaker (unit, injected clock)', () => {
  it('opens after N consecutive failures, fails fast, half-opens after the delay with one probe, closes on success', () => {
    const clock = new FakeClock();
    const changes: string[] = [];
    const breaker = new CircuitBreaker({
      failureThreshold: 3,
      halfOpenAfterMs: 1000,
      clock,
      onStateChange: (c) => changes.push(`${c.from}>${c.to}`),
    });
    for (let i = 0; i < 2; i++) breaker.failure(breaker.admit());
    breaker.success(breaker.admit()); // a success resets the count: failures must be consecutive
    for (let i = 0; i < 3; i++) breaker.failure(breaker.admit());
    expect(breaker.state).toBe('open');
    expect(() => breaker.admit()).toThrow(expect.objectContaining({ code: 'EITGLUE_CIRCUIT_OPEN' }));
    clock.advance(999);
    expect(() => breaker.admit()).toThrow(/next probe in 1 s/);
    clock.advance(1);
    const probe = breaker.admit();
    expect(probe.probe).toBe(true);
    expect(breaker.state).toBe('half-open');
    expect(() => breaker.admit()).toThrow(expect.objectContaining({ code: 'EITGLUE_CIRCUIT_OPEN' }));
    breaker.failure(probe);
    expect(breaker.state).toBe('open');
    clock.advance(1000);
    breaker.success(breaker.admit());
    expect(breaker.snapshot()).toEqual({ state: 'closed', consecutiveFailures: 0, nextProbeAt: null });
    expect(changes).toEqual([
      'closed>open',
      'open>half-open',
      'half-open>open',
      'open>half-open',
      'half-open>closed',
    ]);
  });

  it('a call admitted before the circuit opened is stopped before it goes out', () => {
    const breaker = new CircuitBreaker({ failureThreshold: 1, clock: new FakeClock() });
    const queued = breaker.admit();
    breaker.failure(breaker.admit());
    expect(() => breaker.confirm(queued)).toThrow(expect.objectContaining({ code: 'EITGLUE_CIRCUIT_OPEN' }));
  });

  it('a listener that throws changes nothing', () => {
    const breaker = new CircuitBreaker({
      failureThreshold: 1,
      clock: new FakeClock(),
      onStateChange: () => {
        throw new Error('boom');
      },
    });
    breaker.failure(breaker.admit());
    expect(breaker.state).toBe('open');
  });
});

describe('circuit breaker in the client (emulator)', () => {
  let h: Harness;
  let orgId: string;
  beforeAll(async () => {
    h = await startHarness({ generate: { organizations: 1, perOrganization: 1 } });
    orgId = (await h.emulator.admin.dump()).organizations![0]!.id;
  });
  afterAll(async () => h.close());

  it('5 consecutive failed calls (after their retries) open it; calls then fail fast without a request; a probe closes it', async () => {
    const changes: CircuitStateChange[] = [];
    const client = await h.client({
      retry: { retries: 1 },
      circuitBreaker: { halfOpenAfterMs: 400 },
      hooks: { onCircuitStateChange: (change) => changes.push(change) },
    });
    h.emulator.admin.enqueueFault({ kind: '503', count: 10, method: 'GET', path: '/organizations' });
    for (let i = 0; i < 5; i++) {
      const error = await client.organizations.get(orgId).catch((e: unknown) => e);
      expect(isGlueflowError(error, 'EITGLUE_SERVER')).toBe(true);
    }
    expect(h.emulator.admin.stats().faultsInjected['503']).toBe(10);
    expect(client.circuitOpen()).toBe(true);
    h.emulator.admin.resetStats();
    const fast = await client.organizations.get(orgId).catch((e: unknown) => e);
    expect(isGlueflowError(fast, 'EITGLUE_CIRCUIT_OPEN')).toBe(true);
    expect(h.emulator.admin.stats().requests.total).toBe(0);
    expect((await client.stats()).circuit).toMatchObject({ state: 'open', consecutiveFailures: 5 });
    expect((await client.health()).status).toBe('down');

    await new Promise((resolve) => setTimeout(resolve, 450));
    // Half-open: exactly one probe goes out; a concurrent call fails fast.
    const [probe, other] = await Promise.all([
      client.organizations.get(orgId),
      client.organizations.get(orgId).catch((e: unknown) => e),
    ]);
    expect(probe?.id).toBe(orgId);
    expect(isGlueflowError(other, 'EITGLUE_CIRCUIT_OPEN')).toBe(true);
    expect(client.circuitOpen()).toBe(false);
    expect(changes.map((c) => `${c.from}>${c.to}`)).toEqual([
      'closed>open',
      'open>half-open',
      'half-open>closed',
    ]);
    expect(changes[0]).toMatchObject({ consecutiveFailures: 5, at: expect.any(Number) });
  });

  it('client errors (404, 422) and 429s do not count as failures', async () => {
    const client = await h.client({ circuitBreaker: { failureThreshold: 2 }, retry: { retries: 0 } });
    for (let i = 0; i < 3; i++) expect(await client.organizations.get(424242)).toBeNull();
    await client.organizations.create({ name: '' }).catch(() => undefined);
    await client.organizations.create({ name: '' }).catch(() => undefined);
    h.emulator.admin.enqueueFault({ kind: '429', count: 2, method: 'GET', path: '/organizations' });
    for (let i = 0; i < 2; i++) {
      const error = await client.organizations.get(orgId).catch((e: unknown) => e);
      expect(isGlueflowError(error, 'EITGLUE_RATE_LIMITED')).toBe(true);
    }
    expect(client.circuitOpen()).toBe(false);
  });
});
