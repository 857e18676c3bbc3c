import { describe, it, expect, afterEach } from '@jest/globals';
import { startEmulator } from './server.js';
import type { EmulatorOptions, RunningEmulator } from './types.js';
import { client } from './test-support.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('rate limit (sliding window per API key)', () => {
  let emulator: RunningEmulator | undefined;
  const start = async (options: EmulatorOptions) => {
    emulator = await startEmulator(options);
    return emulator;
  };
  afterEach(() => emulator?.stop());

  it('answers 429 with a JSON:API body and Retry-After in seconds once the window is full', async () => {
    const e = await start({ rateLimit: { requests: 3, windowSeconds: 30 } });
    const api = client(e);
    for (let n = 0; n < 3; n++) expect((await api.get('/organizations')).status).toBe(200);
    const limited = await api.get('/organizations');
    expect(limited.status).toBe(429);
    expect(limited.body.errors[0]).toMatchObject({ status: 429, title: 'Too Many Requests' });
    const seconds = Number(limited.headers.get('retry-after'));
    expect(seconds).toBeGreaterThanOrEqual(29);
    expect(seconds).toBeLessThanOrEqual(30);
    const stats = e.admin.stats();
    expect(stats.rateLimited).toBe(1);
    expect(stats.maxInWindow).toBe(3);
    expect(stats.requests.byStatus).toMatchObject({ '200': 3, '429': 1 });
  });

  it('sends Retry-After as an HTTP date or not at all when configured', async () => {
    const e = await start({ rateLimit: { requests: 1, windowSeconds: 30, retryAfter: 'http-date' } });
    const api = client(e);
    await api.get('/organizations');
    const dated = await api.get('/organizations');
    const date = Date.parse(dated.headers.get('retry-after') ?? '');
    expect(date - Date.now()).toBeGreaterThan(25_000);
    expect(date - Date.now()).toBeLessThan(32_000);
    e.admin.configure({ rateLimit: { retryAfter: 'none' } });
    const bare = await api.get('/organizations');
    expect(bare.status).toBe(429);
    expect(bare.headers.get('retry-after')).toBeNull();
  });

  it('slides: rejected requests do not count, and capacity returns as old requests leave', async () => {
    const e = await start({ rateLimit: { requests: 2, windowSeconds: 2 } });
    const api = client(e);
    await api.get('/organizations');
    await sleep(1000);
    await api.get('/organizations');
    for (let n = 0; n < 3; n++) expect((await api.get('/organizations')).status).toBe(429);
    await sleep(1100);
    // The first request left the window; the 429s never entered it.
    expect((await api.get('/organizations')).status).toBe(200);
    expect((await api.get('/organizations')).status).toBe(429);
    expect(e.admin.stats().maxInWindow).toBe(2);
  });

  it('keeps one window per API key', async () => {
    const e = await start({ apiKeys: ['ITG.a', 'ITG.b'], rateLimit: { requests: 1, windowSeconds: 30 } });
    expect((await client(e, 'ITG.a').get('/organizations')).status).toBe(200);
    expect((await client(e, 'ITG.a').get('/organizations')).status).toBe(429);
    expect((await client(e, 'ITG.b').get('/organizations')).status).toBe(200);
  });

  it('adds X-RateLimit headers only when asked', async () => {
    const e = await start({ rateLimit: { requests: 5, windowSeconds: 60, headers: true } });
    const api = client(e);
    const answer = await api.get('/organizations');
    expect(answer.headers.get('x-ratelimit-limit')).toBe('5');
    expect(answer.headers.get('x-ratelimit-remaining')).toBe('4');
    expect(Number(answer.headers.get('x-ratelimit-reset'))).toBeGreaterThan(0);
    e.admin.configure({ rateLimit: { headers: false } });
    expect((await api.get('/organizations')).headers.get('x-ratelimit-limit')).toBeNull();
  });

  it('does not limit the admin API and can be raised at runtime', async () => {
    const e = await start({ rateLimit: { requests: 1, windowSeconds: 30 } });
    const api = client(e);
    await api.get('/organizations');
    for (let n = 0; n < 3; n++) expect((await fetch(`${e.url}/__emulator/stats`)).status).toBe(200);
    const patched = await fetch(`${e.url}/__emulator/config`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rateLimit: { requests: 10 } }),
    });
    expect(patched.status).toBe(200);
    expect((await api.get('/organizations')).status).toBe(200);
  });

  it('defaults to 3000 requests per 300 seconds', async () => {
    const e = await start({ rateLimit: { requests: 3000, windowSeconds: 300 } });
    const answers = await Promise.all(Array.from({ length: 20 }, () => client(e).get('/organization_types')));
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    expect(e.admin.stats().maxInWindow).toBe(20);
  });
});
