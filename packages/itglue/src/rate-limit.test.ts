/**
 * The rate budget against the emulator's sliding-window limiter, with 1-second windows so each
 * case takes about a second or two. Every case gets its own GLUEFLOW_HOME (a fresh budget file).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { RateLimitOptions } from '@glueflow/emulator';
import { EMULATOR_KEY, startHarness } from './__fixtures__/harness.js';
import type { Harness } from './__fixtures__/harness.js';
import type { RateLimitedEvent, RequestEvent } from './hooks.js';
import type { ITGlueClientOptions } from './options.js';

let h: Harness;
let orgId: string;
beforeAll(async () => {
  h = await startHarness({ generate: { organizations: 1, perOrganization: 0 } });
  orgId = (await h.emulator.admin.dump()).organizations![0]!.id;
});
afterAll(async () => h.close());
beforeEach(() => h.emulator.admin.resetStats());

function limitEmulator(rateLimit: RateLimitOptions): void {
  h.emulator.admin.configure({ rateLimit: { headers: false, retryAfter: 'seconds', ...rateLimit } });
}

const keys = [EMULATOR_KEY];

/** A client with its own key: its own emulator window and its own budget, untouched by earlier cases. */
async function freshClient(options: ITGlueClientOptions = {}) {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'glueflow-rl-'));
  const apiKey = `ITG.rate-case-${keys.length}`;
  keys.push(apiKey);
  h.emulator.admin.configure({ apiKeys: keys });
  const limited: RateLimitedEvent[] = [];
  const client = await h.client({
    home,
    apiKey,
    ...options,
    hooks: { onRateLimited: (e) => limited.push(e), ...options.hooks },
  });
  return { client, limited };
}

async function getMany(client: Awaited<ReturnType<typeof freshClient>>['client'], n: number) {
  await Promise.all(Array.from({ length: n }, () => client.organizations.get(orgId, { priority: 'bulk' })));
}

describe('rate budget vs the emulator', () => {
  it('client and server agree (10 / 1 s): 20 GETs, zero 429s, never more than 10 in a window', async () => {
    limitEmulator({ requests: 10, windowSeconds: 1 });
    const { client } = await freshClient({ rateLimit: { requests: 10, windowSeconds: 1 } });
    const started = Date.now();
    await getMany(client, 20);
    const stats = h.emulator.admin.stats();
    expect(stats.rateLimited).toBe(0);
    expect(stats.maxInWindow).toBeLessThanOrEqual(10);
    // 10 at once, the next 10 a window later.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect((await client.stats()).budget).toMatchObject({
      configuredLimit: 10,
      learnedLimit: null,
      paced: false,
    });
  });

  it('client told twice what the server allows (Retry-After seconds): the job completes, the budget learns and paces', async () => {
    limitEmulator({ requests: 4, windowSeconds: 1 });
    const { client, limited } = await freshClient({ rateLimit: { requests: 8, windowSeconds: 1 } });
    await getMany(client, 6);
    const budget = (await client.stats()).budget;
    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0]!.retryAfterMs).toBeGreaterThan(0);
    expect(budget.learnedLimit).toBeLessThan(8);
    expect(budget.paced).toBe(true);
    expect(budget.throttles).toBeGreaterThanOrEqual(1);
    // After learning, 429s stop: far fewer than one per request.
    expect(h.emulator.admin.stats().rateLimited).toBeLessThanOrEqual(2);
  });

  it('Retry-After as an HTTP date is honoured', async () => {
    limitEmulator({ requests: 3, windowSeconds: 1, retryAfter: 'http-date' });
    const { client, limited } = await freshClient({ rateLimit: { requests: 4, windowSeconds: 1 } });
    await getMany(client, 4);
    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0]!.retryAfterMs).toBeGreaterThan(0);
    expect(limited[0]!.pausedUntil).toBeGreaterThan(Date.now() - 5000);
  });

  it('without Retry-After, our window full too, the whole budget pauses until the window frees up', async () => {
    limitEmulator({ requests: 3, windowSeconds: 1, retryAfter: 'none' });
    const { client, limited } = await freshClient({ rateLimit: { requests: 4, windowSeconds: 1 } });
    await getMany(client, 4);
    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0]!.retryAfterMs).toBeUndefined();
    expect(limited[0]!.pausedUntil).not.toBeNull();
  });

  it('429s without any hint from a server with a shorter window: seconds of backoff, not our 300 s window', async () => {
    // IT Glue's real short-term window is unknown and its 429s may say nothing: the emulator allows
    // 20 / 2 s and sends no Retry-After, while the client believes in 3000 / 300 s.
    limitEmulator({ requests: 20, windowSeconds: 2, retryAfter: 'none' });
    const { client, limited } = await freshClient({ rateLimit: { requests: 3000, windowSeconds: 300 } });
    const started = Date.now();
    // On the old rule (wait for our window) this would hang for 5 minutes: give up after 12 s instead.
    const signal = AbortSignal.timeout(12_000);
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, () => client.organizations.get(orgId, { priority: 'bulk', signal })),
    );
    const elapsed = Date.now() - started;
    expect(results.filter((r) => r.status === 'fulfilled').length).toBe(30);
    // 20 at once, a 1 s pause, a probe refused (the server's 2 s window outlasts it), a 2 s pause,
    // then the rest paced at the learned rate.
    expect(elapsed).toBeLessThan(9000);
    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0]!.retryAfterMs).toBeUndefined();
    expect(limited[0]!.pausedUntil! - started).toBeLessThan(2500);
    const stats = h.emulator.admin.stats();
    expect(stats.rateLimited).toBeLessThanOrEqual(8);
    expect((await client.stats()).budget).toMatchObject({ learnedLimit: 2250, paced: true, backoffMs: null });
  }, 20_000);

  it('X-RateLimit-* headers teach the real limit (and Remaining 0 pauses until Reset)', async () => {
    limitEmulator({ requests: 5, windowSeconds: 1, headers: true });
    const { client } = await freshClient({ rateLimit: { requests: 100, windowSeconds: 1 }, concurrency: 2 });
    await getMany(client, 7);
    const budget = (await client.stats()).budget;
    expect(budget.headerLimit).toBe(5);
    expect(budget.limit).toBeLessThanOrEqual(5);
    // Only the requests already in flight before the first answer can overshoot.
    expect(h.emulator.admin.stats().rateLimited).toBeLessThanOrEqual(2);
  });

  it('a 429 seen by one client pauses every client sharing the key', async () => {
    limitEmulator({ requests: 1000, windowSeconds: 1 });
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'glueflow-rl-'));
    const a = await h.client({ home });
    const b = await h.client({ home, retry: { retries: 0 } });
    h.emulator.admin.enqueueFault({ kind: '429', method: 'GET', path: '/organizations' });
    const first = a.organizations.get(orgId);
    await new Promise((resolve) => setTimeout(resolve, 150));
    const started = Date.now();
    await b.organizations.get(orgId);
    expect(Date.now() - started).toBeGreaterThanOrEqual(600);
    await first;
    expect((await b.stats()).budget.throttles).toBe(1);
  });
});

describe('priorities', () => {
  it('an interactive call is served before queued bulk calls', async () => {
    limitEmulator({ requests: 1000, windowSeconds: 1 });
    h.emulator.admin.configure({ latencyMs: 60 });
    const order: string[] = [];
    const { client } = await freshClient({
      concurrency: 1,
      hooks: { onRequest: (e: RequestEvent) => order.push(e.priority) },
    });
    const bulk = Array.from({ length: 4 }, () => client.organizations.get(orgId, { priority: 'bulk' }));
    await new Promise((resolve) => setTimeout(resolve, 10));
    const watch = client.organizations.get(orgId, { priority: 'watch' });
    const interactive = client.organizations.get(orgId, { priority: 'interactive' });
    await Promise.all([...bulk, watch, interactive]);
    h.emulator.admin.configure({ latencyMs: 0 });
    expect(order).toEqual(['bulk', 'interactive', 'watch', 'bulk', 'bulk', 'bulk']);
  });
});
