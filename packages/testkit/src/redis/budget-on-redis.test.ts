/**
 * The rate budget on a real Redis (redis-server started here): the same decisions as the in-memory
 * store for the same script of requests, throttles and headers (one policy, two stores); one window
 * held across separate connections (separate processes in production) granting concurrently; the key
 * digest as the only name in Redis; and a Redis restart that callers wait through.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MemoryRateBudgetStore, RedisRateBudgetStore } from '@glueflow/itglue';
import type { RateBudgetStore } from '@glueflow/itglue';
import { Redis } from 'ioredis';
import { startRedisServer } from '../redis-server.js';
import type { RunningRedis } from '../redis-server.js';

let redis: RunningRedis;
beforeAll(async () => {
  redis = await startRedisServer({ appendonly: true });
});
afterAll(async () => {
  await redis.stop();
});

const limits = { requests: 5, windowMs: 1_000, marginMs: 50, recoverAfterMs: 5_000 };

/** Every step's answer, for the same script on any store. */
async function script(store: RateBudgetStore, key: string): Promise<unknown[]> {
  const out: unknown[] = [];
  let t = 1_000_000;
  for (let i = 0; i < 7; i++) out.push(await store.tryAcquire(key, limits, t++));
  const first = (out[0] as { grantId: number }).grantId;
  await store.settle(key, first, t + 200, { accepted: true, grantedAt: 1_000_000 });
  out.push(await store.snapshot(key, limits, t + 300));
  out.push(
    await store.recordThrottle(key, limits, {
      at: t + 400,
      requestGrantedAt: 1_000_001,
      retryAfterMs: 2_000,
      jitter: 0.5,
    }),
  );
  out.push(await store.tryAcquire(key, limits, t + 500)); // paused
  out.push(await store.tryAcquire(key, limits, t + 2_600)); // after the pause
  await store.recordHeaders(key, limits, { at: t + 2_700, limit: 4, remaining: 0 });
  out.push(await store.snapshot(key, limits, t + 2_800));
  for (let i = 0; i < 3; i++) out.push(await store.tryAcquire(key, limits, t + 2_900 + i));
  out.push(await store.snapshot(key, limits, t + 9_000));
  // grant ids are per store: compare decisions, not ids
  return out.map((answer) => JSON.parse(JSON.stringify(answer, (k, v) => (k === 'grantId' ? 'id' : v))));
}

describe('the rate budget on Redis', () => {
  it('decides exactly as the in-memory store for the same script (one policy)', async () => {
    const store = await RedisRateBudgetStore.connect(redis.url);
    try {
      const onRedis = await script(store, 'parity-key');
      const inMemory = await script(new MemoryRateBudgetStore(), 'parity-key');
      expect(onRedis).toEqual(inMemory);
      // the script went through a full window, a pause and a learned limit
      const reasons = onRedis.map((a) => (a as { reason?: string }).reason).filter(Boolean);
      expect(new Set(reasons)).toEqual(new Set(['window-full', 'paused']));
      // learned 3 from the 429, then one step back up after the quiet time
      expect(onRedis.at(-1)).toMatchObject({ learnedLimit: 4, throttles: 1 });
    } finally {
      await store.close();
    }
  });

  it('holds one window across connections granting at once: never more than the limit', async () => {
    const stores = await Promise.all([1, 2, 3].map(() => RedisRateBudgetStore.connect(redis.url)));
    try {
      const key = 'shared-key';
      const now = 2_000_000;
      const answers = await Promise.all(
        stores.flatMap((store) => Array.from({ length: 10 }, () => store.tryAcquire(key, limits, now))),
      );
      const granted = answers.filter((a) => a.granted);
      expect(granted).toHaveLength(limits.requests);
      expect(new Set(granted.map((a) => a.grantId)).size).toBe(limits.requests);
      const refused = answers.filter((a) => !a.granted);
      expect(refused.every((a) => a.reason === 'window-full' && a.waitMs > 0)).toBe(true);
      const snapshot = await stores[0]!.snapshot(key, limits, now);
      expect(snapshot).toMatchObject({ used: limits.requests, remaining: 0 });
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });

  it('names nothing in Redis but the digest it is given, and keys expire', async () => {
    const store = await RedisRateBudgetStore.connect(redis.url, { prefix: 'names-test' });
    const raw = new Redis(redis.url);
    try {
      await store.tryAcquire('0123abcd', limits, 3_000_000);
      await store.recordThrottle('0123abcd', limits, { at: 3_000_010, requestGrantedAt: 3_000_000 });
      const keys = await raw.keys('names-test:*');
      expect(keys.sort()).toEqual([
        'names-test:{0123abcd}:grants',
        'names-test:{0123abcd}:seq',
        'names-test:{0123abcd}:state',
      ]);
      for (const key of keys) expect(await raw.pttl(key)).toBeGreaterThan(0);
    } finally {
      raw.disconnect();
      await store.close();
    }
  });

  it('waits through a Redis restart: the acquire answers once Redis is back, and the window survived (AOF)', async () => {
    const store = await RedisRateBudgetStore.connect(redis.url);
    try {
      const key = 'restart-key';
      for (let i = 0; i < 3; i++) expect((await store.tryAcquire(key, limits, 4_000_000)).granted).toBe(true);
      await redis.restart({ signal: 'SIGKILL', downMs: 0 });
      const answer = await store.tryAcquire(key, limits, 4_000_001);
      expect(answer.granted).toBe(true);
      expect(answer.snapshot.used).toBe(4); // the three before the crash still count
    } finally {
      await store.close();
    }
  });
});

describe('an IT Glue client with redisUrl', () => {
  it('takes its grants from the Redis window, keyed by the digest, the API key nowhere in Redis', async () => {
    const { startEmulator } = await import('@glueflow/emulator');
    const { createITGlueClient, keyIdOf } = await import('@glueflow/itglue');
    const apiKey = 'ITG.redis-budget-key-5e1f';
    const emulator = await startEmulator({
      port: 0,
      apiKeys: [apiKey],
      generate: { organizations: 3, perOrganization: 0 },
    });
    const client = await createITGlueClient({
      url: emulator.url,
      apiKey,
      keychain: false,
      env: {},
      redisUrl: redis.url,
      rateLimit: { requests: 50, windowSeconds: 10 },
    });
    const raw = new Redis(redis.url);
    try {
      for (let i = 0; i < 4; i++)
        for await (const organization of client.organizations.list()) void organization;
      const grants = `glueflow:budget:{${keyIdOf(apiKey)}}:grants`;
      expect(await raw.zcard(grants)).toBe(emulator.admin.stats().requests.total);
      expect(await raw.zcard(grants)).toBeGreaterThanOrEqual(4);
      for (const key of await raw.keys('*')) {
        expect(key).not.toContain(apiKey);
        const type = await raw.type(key);
        const values =
          type === 'hash'
            ? Object.values(await raw.hgetall(key))
            : type === 'zset'
              ? await raw.zrange(key, 0, -1)
              : [await raw.get(key)];
        for (const value of values) expect(String(value)).not.toContain(apiKey);
      }
    } finally {
      raw.disconnect();
      await client.close();
      await emulator.stop();
    }
  });
});

describe('a runtime with storage.redis', () => {
  it('takes the rate budget from Redis, and the URL (with its password) is masked in every log line', async () => {
    const { createTestEngine } = await import('../test-engine.js');
    const { keyIdOf } = await import('@glueflow/itglue');
    const raw = new Redis(redis.url);
    await raw.config('SET', 'requirepass', 'redis-pw-8c1d');
    const url = redis.url.replace('redis://', 'redis://:redis-pw-8c1d@');
    const t = await createTestEngine({
      emulator: { generate: { organizations: 2, perOrganization: 0 } },
      env: { GLUEFLOW_REDIS_URL: url },
      storage: { redis: { env: 'GLUEFLOW_REDIS_URL' } },
    });
    try {
      await t.runtime.client.health();
      const digest = keyIdOf('ITG.emulator');
      await raw.auth('redis-pw-8c1d');
      const grants = `glueflow:budget:{${digest}}:grants`;
      expect(await raw.zcard(grants)).toBeGreaterThanOrEqual(1);
      t.runtime.logger.info(`connected to ${url}`);
      const text = JSON.stringify(t.logs);
      expect(text).toContain('connected to');
      expect(text).not.toContain('redis-pw-8c1d');
    } finally {
      await t.close();
      await raw.config('SET', 'requirepass', '');
      raw.disconnect();
    }
  });
});
