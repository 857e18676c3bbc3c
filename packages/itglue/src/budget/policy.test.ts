/**
 * The 429 rules as pure functions: every time is passed in (the event's `at`, the store's `now`), and
 * so is the jitter, so each case is exact.
 */
import { describe, expect, it } from '@jest/globals';
import { applySettle, applyThrottle, decideAcquire, toSnapshot, withRecovery } from './policy.js';
import { INITIAL_STATE } from './types.js';
import type { BudgetLimits, BudgetState, ThrottleEvent, WindowFacts } from './types.js';

const T0 = Date.UTC(2026, 0, 1);
/** The defaults: 3000 / 300 s, as configured for IT Glue. */
const limits: BudgetLimits = { requests: 3000, windowMs: 300_000, marginMs: 1000, recoverAfterMs: 300_000 };
/** Our window is far from full: 40 requests in the last second. */
const notFull: WindowFacts = { count: 40, oldestAt: T0 - 1000 };

/** A 429 without Retry-After or X-RateLimit-* headers, for a request granted just before. */
function hintless(at: number, extra: Partial<ThrottleEvent> = {}): ThrottleEvent {
  return { at, requestGrantedAt: at - 5, jitter: 0, ...extra };
}

/** Applies a row of 429s, each for a request sent after the previous one's pause (so each is fresh). */
function streakOf(count: number, windowMs = limits.windowMs): BudgetState[] {
  const states: BudgetState[] = [];
  let state = INITIAL_STATE;
  let at = T0;
  for (let i = 0; i < count; i++) {
    state = applyThrottle(state, notFull, { ...limits, windowMs }, hintless(at));
    states.push(state);
    at = state.pausedUntil + 10;
  }
  return states;
}

describe('a 429 without any hint while our window is not full', () => {
  it('pauses about a second (not the 300 s window) and lowers the limit a quarter, paced', () => {
    const next = applyThrottle(INITIAL_STATE, notFull, limits, hintless(T0));
    expect(next.pausedUntil - T0).toBe(1000);
    expect(next).toMatchObject({ learnedLimit: 2250, backoffStreak: 1, throttles: 1, lastThrottleAt: T0 });
    expect(toSnapshot(next, notFull, limits, T0)).toMatchObject({ backoffMs: 1000, paced: true });
  });

  it('doubles on every fresh 429 in a row, capped at the window; only the first lowers the limit', () => {
    const pauses = streakOf(6, 10_000).map(
      (s, i, all) => s.pausedUntil - (i ? all[i - 1]!.pausedUntil + 10 : T0),
    );
    expect(pauses).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000]);
    expect(streakOf(3).map((s) => s.learnedLimit)).toEqual([2250, 2250, 2250]);
    expect(streakOf(3).map((s) => s.backoffStreak)).toEqual([1, 2, 3]);
  });

  it('jitter only stretches the pause, by half at most, and never past the window', () => {
    for (const jitter of [0, 0.25, 0.5, 0.999]) {
      const pause = applyThrottle(INITIAL_STATE, notFull, limits, hintless(T0, { jitter })).pausedUntil - T0;
      expect(pause).toBeGreaterThanOrEqual(1000);
      expect(pause).toBeLessThanOrEqual(1500);
    }
    expect(
      applyThrottle(INITIAL_STATE, notFull, limits, hintless(T0, { jitter: 0.5 })).pausedUntil - T0,
    ).toBe(1250);
    const short = { ...limits, windowMs: 1200 };
    expect(
      applyThrottle(INITIAL_STATE, notFull, short, hintless(T0, { jitter: 0.999 })).pausedUntil - T0,
    ).toBe(1200);
  });

  it('a 429 for a request sent before the last throttle neither doubles nor extends the pause', () => {
    const first = applyThrottle(INITIAL_STATE, notFull, limits, hintless(T0));
    // Seven more requests were in flight when the first 429 came back.
    const stale = applyThrottle(first, notFull, limits, {
      at: T0 + 3,
      requestGrantedAt: T0 - 2,
      jitter: 0.9,
    });
    expect(stale).toEqual(first);
    // The same after the pause has run out: a late answer to an old request starts nothing.
    const late = applyThrottle(first, notFull, limits, { at: T0 + 1200, requestGrantedAt: T0 - 2 });
    expect(late).toEqual(first);
  });

  it('the streak ends when a request sent after the throttle is answered, and then starts over at 1 s', () => {
    const [, second] = streakOf(2);
    const throttledAt = second!.lastThrottleAt;
    // A 429, or an answer to a request sent before the throttle, proves nothing.
    expect(applySettle(second!, { accepted: false, grantedAt: throttledAt + 2000 })).toBe(second);
    expect(applySettle(second!, { accepted: true, grantedAt: throttledAt - 1 })).toBe(second);
    const ended = applySettle(second!, { accepted: true, grantedAt: throttledAt + 2000 });
    expect(ended.backoffStreak).toBe(0);
    expect(toSnapshot(ended, notFull, limits, throttledAt + 2100).backoffMs).toBeNull();
    const again = applyThrottle(ended, notFull, limits, hintless(throttledAt + 5000));
    expect(again.pausedUntil - (throttledAt + 5000)).toBe(1000);
    expect(again).toMatchObject({ backoffStreak: 1, learnedLimit: 1687 });
  });

  it('the streak also ends after recoverAfterMs without a 429 (no answer was reported)', () => {
    const [, second] = streakOf(2);
    expect(
      withRecovery(second!, limits, second!.lastThrottleAt + limits.recoverAfterMs - 1).backoffStreak,
    ).toBe(2);
    expect(withRecovery(second!, limits, second!.lastThrottleAt + limits.recoverAfterMs).backoffStreak).toBe(
      0,
    );
  });

  it('after an earlier 429, learns the rate that got through in the recent past — halving at most', () => {
    // Held back for 20 s (a streak ended 15 s ago), 60 requests got through: 3 per second, 900 per 300 s.
    const paced: WindowFacts = { ...notFull, recent: { count: 60, oldestAt: T0 - 20_000 } };
    const heldBack = { ...INITIAL_STATE, lastThrottleAt: T0 - 15_000, lastRecoveryAt: T0 - 15_000 };
    expect(applyThrottle(heldBack, paced, limits, hintless(T0)).learnedLimit).toBe(1500);
    expect(applyThrottle({ ...heldBack, learnedLimit: 1500 }, paced, limits, hintless(T0)).learnedLimit).toBe(
      900,
    );
    // Right after a burst the span is tiny and the rate huge: the quarter applies.
    const burst: WindowFacts = { ...notFull, recent: { count: 30, oldestAt: T0 - 50 } };
    expect(applyThrottle(heldBack, burst, limits, hintless(T0)).learnedLimit).toBe(2250);
    // No 429 in the recent past: the client may have been idle, the rate says nothing.
    expect(applyThrottle(INITIAL_STATE, paced, limits, hintless(T0)).learnedLimit).toBe(2250);
  });

  it('after the pause, requests are paced at the learned limit rather than sent in a burst', () => {
    const paused = applyThrottle(INITIAL_STATE, notFull, limits, hintless(T0));
    const at = paused.pausedUntil;
    expect(decideAcquire(paused, notFull, limits, at - 1)).toMatchObject({
      granted: false,
      reason: 'paused',
    });
    const first = decideAcquire(paused, notFull, limits, at);
    expect(first.granted).toBe(true);
    // 300 s / 2250 ≈ 133 ms between grants.
    expect(decideAcquire(first.next, notFull, limits, at + 1)).toMatchObject({
      granted: false,
      reason: 'pacing',
      waitMs: 133,
    });
  });
});

describe('429s that keep the window-length wait', () => {
  it('a hint-less 429 with our window full waits until its oldest request leaves the window', () => {
    const full: WindowFacts = { count: 3000, oldestAt: T0 - 100_000 };
    const next = applyThrottle(INITIAL_STATE, full, limits, hintless(T0));
    expect(next.pausedUntil).toBe(T0 - 100_000 + 300_000 + 1000);
    expect(next).toMatchObject({ backoffStreak: 0, learnedLimit: 2250 });
    // Full against a learned limit counts too.
    const learned = {
      ...INITIAL_STATE,
      learnedLimit: 40,
      lastThrottleAt: T0 - 60_000,
      lastRecoveryAt: T0 - 60_000,
    };
    expect(applyThrottle(learned, notFull, limits, hintless(T0)).pausedUntil).toBe(T0 - 1000 + 301_000);
  });

  it('Retry-After is honoured exactly, however empty our window', () => {
    const next = applyThrottle(INITIAL_STATE, notFull, limits, hintless(T0, { retryAfterMs: 30_000 }));
    expect(next.pausedUntil).toBe(T0 + 30_000);
    expect(next.backoffStreak).toBe(0);
    expect(applyThrottle(INITIAL_STATE, notFull, limits, hintless(T0, { retryAfterMs: 0 })).pausedUntil).toBe(
      T0 + 0,
    );
  });

  it('X-RateLimit-Reset is honoured; other X-RateLimit-* headers keep the window wait', () => {
    expect(
      applyThrottle(INITIAL_STATE, notFull, limits, hintless(T0, { resetAt: T0 + 7000 })).pausedUntil,
    ).toBe(T0 + 7000);
    const headers = applyThrottle(INITIAL_STATE, notFull, limits, hintless(T0, { rateLimitHeaders: true }));
    expect(headers.pausedUntil).toBe(T0 - 1000 + 301_000);
  });
});
