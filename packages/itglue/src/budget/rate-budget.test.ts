import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import sqlite3 from 'sqlite3';
import { FakeClock } from '../__fixtures__/fake-clock.js';
import { RateBudget } from './rate-budget.js';
import { BUDGET_FILE, keyIdOf, openSharedBudget } from './registry.js';
import { SqliteRateBudgetStore } from './sqlite-store.js';
import { MemoryRateBudgetStore } from './memory-store.js';
import type { RateBudgetStore } from './types.js';

let home: string;
const stores: SqliteRateBudgetStore[] = [];

beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'glueflow-budget-'));
});
afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
  fs.rmSync(home, { recursive: true, force: true });
});

async function sqliteStore(): Promise<SqliteRateBudgetStore> {
  const store = await SqliteRateBudgetStore.open(path.join(home, BUDGET_FILE));
  stores.push(store);
  return store;
}

async function budget(clock: FakeClock, extra: Partial<ConstructorParameters<typeof RateBudget>[0]> = {}) {
  return new RateBudget({
    store: await sqliteStore(),
    keyId: 'k1',
    requests: 5,
    windowSeconds: 1,
    marginMs: 50,
    clock,
    ...extra,
  });
}

describe('RateBudget over SQLite', () => {
  it('grants up to the limit, then waits for the oldest request to leave the window', async () => {
    const clock = new FakeClock();
    const b = await budget(clock);
    const start = clock.now();
    for (let i = 0; i < 5; i++) expect((await b.acquire()).at).toBe(start);
    const sixth = await b.acquire();
    expect(sixth.at - start).toBeGreaterThanOrEqual(1050);
    expect(sixth.at - start).toBeLessThan(1100);
    const snap = await b.snapshot();
    expect(snap).toMatchObject({ used: 1, limit: 5, remaining: 4, configuredLimit: 5, pausedUntil: null });
  });

  it('a settled request counts from its answer: a slow first request cannot free its slot early', async () => {
    const clock = new FakeClock();
    const b = await budget(clock, { requests: 2 });
    const start = clock.now();
    const slow = await b.acquire();
    await b.acquire();
    clock.advance(400); // the first answer took 400 ms: the server may have counted it that late
    await b.settle(slow);
    const third = await b.acquire();
    // The second slot frees 1 s (+50 ms margin) after its grant, the first only after its answer.
    expect(third.at - start).toBe(1050);
    const fourth = await b.acquire();
    expect(fourth.at - start).toBe(1450);
  });

  it('a 429 with Retry-After pauses every waiter until then', async () => {
    const clock = new FakeClock();
    const b = await budget(clock, { requests: 100 });
    const first = await b.acquire();
    const snap = await b.throttled({ requestGrantedAt: first.at, retryAfterMs: 30_000 });
    expect(snap.pausedUntil).toBe(first.at + 30_000);
    const next = await b.acquire('bulk');
    expect(next.at).toBeGreaterThanOrEqual(first.at + 30_000);
  });

  it('a 429 without Retry-After, our window full, pauses until the oldest counted request leaves it', async () => {
    const clock = new FakeClock();
    const b = await budget(clock, { requests: 2, windowSeconds: 10 });
    const first = await b.acquire();
    clock.advance(4000);
    await b.acquire();
    const snap = await b.throttled({ requestGrantedAt: clock.now() });
    expect(snap.pausedUntil).toBe(first.at + 10_000 + 50);
    expect(snap.backoffMs).toBeNull();
  });

  it('a 429 without any hint, our window not full, pauses for the short backoff (jitter injected)', async () => {
    const clock = new FakeClock();
    const b = await budget(clock, { requests: 100, windowSeconds: 10, random: () => 0.5 });
    await b.acquire();
    clock.advance(4000);
    const g = await b.acquire();
    const snap = await b.throttled({ requestGrantedAt: g.at });
    // 1 s stretched by a quarter (jitter 0.5 of at most half): 1.25 s, not the 6 s left of the window.
    expect(snap.pausedUntil).toBe(clock.now() + 1250);
    expect(snap).toMatchObject({ backoffMs: 1000, learnedLimit: 75, paced: true });
  });

  it('an X-RateLimit-Reset pauses until the reset when Retry-After is absent', async () => {
    const clock = new FakeClock();
    const b = await budget(clock, { requests: 100 });
    const g = await b.acquire();
    const snap = await b.throttled({ requestGrantedAt: g.at, resetAt: g.at + 7000 });
    expect(snap.pausedUntil).toBe(g.at + 7000);
  });

  it('learns a lower limit from fresh 429s only, paces evenly, and recovers after quiet periods', async () => {
    const clock = new FakeClock();
    const b = await budget(clock, { requests: 100, windowSeconds: 10, recoverAfterMs: 20_000 });
    const early = await b.acquire();
    const late = await b.acquire();
    let snap = await b.throttled({ requestGrantedAt: late.at, retryAfterMs: 0 });
    expect(snap).toMatchObject({ learnedLimit: 75, paced: true, throttles: 1 });
    // Another 429 for a request sent before that throttle teaches nothing new.
    snap = await b.throttled({ requestGrantedAt: early.at - 1, retryAfterMs: 0 });
    expect(snap).toMatchObject({ learnedLimit: 75, throttles: 1 });
    clock.advance(1);
    const after = await b.acquire();
    snap = await b.throttled({ requestGrantedAt: after.at, retryAfterMs: 0 });
    expect(snap).toMatchObject({ learnedLimit: 56, throttles: 2 });
    // Paced: grants are window/limit apart (10 000 / 56 ≈ 179 ms), never a burst.
    const grants: number[] = [];
    for (let i = 0; i < 4; i++) grants.push((await b.acquire()).at);
    for (let i = 1; i < grants.length; i++) expect(grants[i]! - grants[i - 1]!).toBeGreaterThanOrEqual(178);
    // Quiet for 2 periods: +10 per period.
    clock.advance(40_000);
    snap = await b.snapshot();
    expect(snap.learnedLimit).toBe(76);
    clock.advance(60_000);
    snap = await b.snapshot();
    expect(snap).toMatchObject({ learnedLimit: null, paced: false, limit: 100 });
  });

  it('never learns below 1 % of the configured limit', async () => {
    const clock = new FakeClock();
    const b = await budget(clock, { requests: 200 });
    for (let i = 0; i < 40; i++) {
      clock.advance(10);
      await b.throttled({ requestGrantedAt: clock.now(), retryAfterMs: 0 });
    }
    expect((await b.snapshot()).learnedLimit).toBe(2);
  });

  it('uses X-RateLimit-* headers: a lower Limit caps, Remaining 0 pauses until Reset, others are counted', async () => {
    const clock = new FakeClock();
    const b = await budget(clock, { requests: 100 });
    await b.acquire();
    await b.headers({ limit: 40, remaining: 30 });
    let snap = await b.snapshot();
    // Server counted 10, we counted 1: nine requests from someone else sharing the key.
    expect(snap).toMatchObject({ headerLimit: 40, limit: 40, used: 10, remaining: 30, paced: false });
    await b.headers({ limit: 40, remaining: 0, resetAt: clock.now() + 5000 });
    snap = await b.snapshot();
    expect(snap.pausedUntil).toBe(clock.now() + 5000);
  });

  it('serves higher priorities first when the window is full', async () => {
    const clock = new FakeClock();
    const b = await budget(clock, { requests: 2 });
    await b.acquire();
    await b.acquire();
    const order: string[] = [];
    const waits = [
      b.acquire('bulk').then(() => order.push('bulk1')),
      b.acquire('bulk').then(() => order.push('bulk2')),
      b.acquire('watch').then(() => order.push('watch')),
      b.acquire('interactive').then(() => order.push('interactive')),
    ];
    await Promise.all(waits);
    // bulk1 was already waiting at the store; after it, the highest priority goes first.
    expect(order).toEqual(['bulk1', 'interactive', 'watch', 'bulk2']);
  });

  it('two connections to one file (as two processes) never grant more than the limit together', async () => {
    const clock = new FakeClock();
    const a = new RateBudget({
      store: await sqliteStore(),
      keyId: 'shared',
      requests: 10,
      windowSeconds: 60,
      clock,
    });
    const b = new RateBudget({
      store: await sqliteStore(),
      keyId: 'shared',
      requests: 10,
      windowSeconds: 60,
      clock,
    });
    const start = clock.now();
    const grants = await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 ? a : b).acquire()));
    expect(grants.filter((g) => g.at === start)).toHaveLength(10);
    expect(grants.filter((g) => g.at >= start + 60_000)).toHaveLength(2);
  });

  it('a process whose clock reading is older than a grant already stored decides at the stored time', async () => {
    // Process A's grant at 60.3 s dropped the grants of second 0; process B read its clock (59 s) before
    // waiting for the store. Deciding at 59 s, B would count 1 grant in a window that still holds 10.
    const clockA = new FakeClock();
    const clockB = new FakeClock();
    const options = { keyId: 'shared', requests: 10, windowSeconds: 60 };
    const a = new RateBudget({ ...options, store: await sqliteStore(), clock: clockA });
    const b = new RateBudget({ ...options, store: await sqliteStore(), clock: clockB });
    const start = clockA.now();
    for (let i = 0; i < 10; i++) expect((await a.acquire()).at).toBe(start);
    clockA.advance(60_300);
    expect((await a.acquire()).at).toBe(start + 60_300);
    clockB.advance(59_000);
    const late = await b.acquire();
    expect(late.at).toBe(start + 60_300);
  });

  it('creates the folder 0700 and the file 0600, and stores a hash of the key, never the key', async () => {
    const clock = new FakeClock();
    const nested = path.join(home, 'deep', 'home');
    const shared = await openSharedBudget({
      apiKey: 'ITG.super-secret-key-123',
      home: nested,
      requests: 5,
      windowSeconds: 1,
      clock,
    });
    await shared.budget.acquire();
    await shared.budget.throttled({ requestGrantedAt: clock.now(), retryAfterMs: 10 });
    await shared.release();
    const file = path.join(nested, BUDGET_FILE);
    expect(fs.statSync(nested).mode & 0o777).toBe(0o700);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const bytes =
      fs.readFileSync(file).toString('latin1') +
      (fs.existsSync(`${file}-wal`) ? fs.readFileSync(`${file}-wal`).toString('latin1') : '');
    expect(bytes).not.toContain('super-secret');
    expect(keyIdOf('ITG.super-secret-key-123')).toMatch(/^[0-9a-f]{24}$/);
  });

  it('a failing store is EBUDGET_STORE naming the file', async () => {
    const store = await SqliteRateBudgetStore.open(path.join(home, BUDGET_FILE));
    await store.close();
    const b = new RateBudget({ store, keyId: 'k', requests: 1, windowSeconds: 1, clock: new FakeClock() });
    await expect(b.acquire()).rejects.toMatchObject({
      code: 'EBUDGET_STORE',
      message: expect.stringContaining(BUDGET_FILE),
    });
  });

  it('shares one budget object per key and home inside a process', async () => {
    const one = await openSharedBudget({ apiKey: 'ITG.a', home, requests: 5, windowSeconds: 1 });
    const two = await openSharedBudget({ apiKey: 'ITG.a', home, requests: 5, windowSeconds: 1 });
    const other = await openSharedBudget({ apiKey: 'ITG.b', home, requests: 5, windowSeconds: 1 });
    expect(two.budget).toBe(one.budget);
    expect(other.budget).not.toBe(one.budget);
    await Promise.all([one.release(), two.release(), other.release()]);
  });
});

describe('the backoff streak is shared state', () => {
  const limits = { requests: 100, windowMs: 10_000, marginMs: 50, recoverAfterMs: 60_000 };

  /** 429, 429 (the streak doubles), then an accepted answer ends it; `a` and `b` may be one store or two. */
  async function streakAcross(a: RateBudgetStore, b: RateBudgetStore): Promise<void> {
    const clock = new FakeClock();
    const first = await a.tryAcquire('k', limits, clock.now());
    clock.advance(20);
    let snap = await a.recordThrottle('k', limits, {
      at: clock.now(),
      requestGrantedAt: first.at ?? clock.now() - 20,
    });
    expect(snap).toMatchObject({ backoffMs: 1000, throttles: 1 });
    clock.advance(1000);
    const probe = await b.tryAcquire('k', limits, clock.now());
    expect(probe.granted).toBe(true);
    clock.advance(20);
    snap = await b.recordThrottle('k', limits, { at: clock.now(), requestGrantedAt: clock.now() - 20 });
    expect(snap).toMatchObject({ backoffMs: 2000, throttles: 2, pausedUntil: clock.now() + 2000 });
    expect(await a.snapshot('k', limits, clock.now())).toMatchObject({ backoffMs: 2000, learnedLimit: 75 });
    clock.advance(2000);
    const next = await a.tryAcquire('k', limits, clock.now());
    expect(next.granted).toBe(true);
    clock.advance(20);
    await a.settle('k', next.grantId!, clock.now(), { accepted: true, grantedAt: clock.now() - 20 });
    expect(await b.snapshot('k', limits, clock.now())).toMatchObject({ backoffMs: null, learnedLimit: 75 });
  }

  it('in memory', async () => {
    const store = new MemoryRateBudgetStore();
    await streakAcross(store, store);
  });

  it('in SQLite, across two connections to one file (as two processes)', async () => {
    await streakAcross(await sqliteStore(), await sqliteStore());
  });

  it('a budget file from before the streak existed opens, keeps its state and gains the column', async () => {
    const NOW = Date.UTC(2026, 0, 1);
    const file = path.join(home, BUDGET_FILE);
    await new Promise<void>((resolve, reject) => {
      const db = new sqlite3.Database(file, (error) => {
        if (error) return reject(error);
        db.exec(
          `CREATE TABLE budget_requests (key TEXT NOT NULL, at INTEGER NOT NULL);
           CREATE TABLE budget_state (key TEXT PRIMARY KEY, learned_limit INTEGER, header_limit INTEGER,
             paused_until INTEGER NOT NULL DEFAULT 0, last_throttle_at INTEGER NOT NULL DEFAULT 0,
             last_recovery_at INTEGER NOT NULL DEFAULT 0, last_grant_at INTEGER NOT NULL DEFAULT 0,
             throttles INTEGER NOT NULL DEFAULT 0);
           INSERT INTO budget_state (key, learned_limit, last_throttle_at, last_recovery_at, throttles)
             VALUES ('k', 60, ${NOW - 1000}, ${NOW - 1000}, 3);`,
          (execError) => db.close(() => (execError ? reject(execError) : resolve())),
        );
      });
    });
    // Two processes opening the old file at once: only one adds the column.
    const [store] = await Promise.all([sqliteStore(), sqliteStore()]);
    const now = NOW;
    expect(await store!.snapshot('k', limits, now)).toMatchObject({
      learnedLimit: 60,
      throttles: 3,
      backoffMs: null,
    });
    const snap = await store!.recordThrottle('k', limits, { at: now, requestGrantedAt: now });
    expect(snap).toMatchObject({ backoffMs: 1000, throttles: 4 });
  });
});

describe('MemoryRateBudgetStore', () => {
  it('applies the same policy in memory', async () => {
    const clock = new FakeClock();
    const b = new RateBudget({
      store: new MemoryRateBudgetStore(),
      keyId: 'm',
      requests: 3,
      windowSeconds: 1,
      marginMs: 50,
      clock,
    });
    const start = clock.now();
    for (let i = 0; i < 3; i++) await b.acquire();
    expect((await b.acquire()).at - start).toBe(1050);
  });
});
