/**
 * The rate budget's decisions, as pure functions over the shared state and the window facts.
 *
 * - Sliding window: at most `limit` requests whose grant time is within the last window (+ margin).
 * - A 429 pauses everyone until Retry-After (or X-RateLimit-Reset). Without either, and when our
 *   window is full (or the 429 carried other X-RateLimit-* headers), until the oldest counted request
 *   leaves the window — the soonest a sliding window can accept again.
 * - A 429 with no hint at all while our window is *not* full means the server counts in a shorter
 *   window than ours: waiting out our window (5 minutes by default) would be far too long. It pauses
 *   for a short backoff instead — 1 s, doubled by every further fresh hint-less 429 in a row (a
 *   streak), stretched by up to half at random, capped at the window. The streak ends when a
 *   request sent after the last 429 gets any other answer (the server's window has room again), or
 *   after `recoverAfterMs` without a 429.
 * - Learning: a *fresh* 429 (answering a request granted after the previous throttle) lowers the
 *   limit by a quarter and switches to even pacing (window / limit between grants), because a
 *   server whose real window is shorter than ours rejects bursts even when the average is fine.
 *   A hint-less one may lower it further (by half at most), down to the rate that got through in
 *   the recent past. Within a streak only the first 429 lowers the limit: the later ones answer the
 *   single probe sent after each pause, and say that the server's window outlasted the pause — not
 *   that our pace is too fast. After `recoverAfterMs` without a 429 the limit climbs back by a
 *   tenth per quiet period; back at the configured limit, pacing stops.
 * - X-RateLimit-Limit caps the limit; Remaining 0 pauses until Reset; a Remaining lower than ours
 *   means someone else uses the key, and their requests are counted as ours ("phantoms").
 */
import type {
  BudgetLimits,
  BudgetSnapshot,
  BudgetState,
  HeaderReport,
  SettleOutcome,
  ThrottleEvent,
  WindowFacts,
} from './types.js';

const DECREASE = 0.75;
const RECOVER_STEP = 0.1;
/** The first pause after a hint-less 429 while our window is not full. */
const BACKOFF_BASE_MS = 1000;
/** Jitter stretches a short backoff by up to this share; never shortens it (too short a pause costs a 429). */
const BACKOFF_JITTER = 0.5;
/** How far back a hint-less 429 looks to measure the rate the server let through. */
const RECENT_MS = 60_000;
/** One 429 never lowers the limit by more than this: an idle spell makes the measured rate too low. */
const MAX_DECREASE = 0.5;

export function minLimit(limits: BudgetLimits): number {
  return Math.max(1, Math.ceil(limits.requests * 0.01));
}

export function effectiveLimit(state: BudgetState, limits: BudgetLimits): number {
  return Math.min(limits.requests, state.learnedLimit ?? Infinity, state.headerLimit ?? Infinity);
}

/** The state with any recovery due by `now` applied. */
export function withRecovery(current: BudgetState, limits: BudgetLimits, now: number): BudgetState {
  let state = current;
  // Normally an accepted answer ends a streak (applySettle); a quiet period ends one whose answer
  // was never reported (the process stopped mid-streak).
  if (state.backoffStreak > 0 && now - state.lastThrottleAt >= limits.recoverAfterMs)
    state = { ...state, backoffStreak: 0 };
  if (state.learnedLimit === null) return state;
  const since = Math.max(state.lastThrottleAt, state.lastRecoveryAt);
  const steps = Math.floor((now - since) / limits.recoverAfterMs);
  if (steps <= 0) return state;
  const learned = state.learnedLimit + steps * Math.ceil(limits.requests * RECOVER_STEP);
  return {
    ...state,
    learnedLimit: learned >= limits.requests ? null : learned,
    lastRecoveryAt: since + steps * limits.recoverAfterMs,
  };
}

/** The short backoff (before jitter) for the n-th hint-less 429 of a streak. */
export function backoffMs(streak: number, limits: BudgetLimits): number {
  return Math.min(limits.windowMs, BACKOFF_BASE_MS * 2 ** Math.max(0, Math.min(streak - 1, 30)));
}

export interface AcquireDecision {
  granted: boolean;
  waitMs: number;
  reason?: 'paused' | 'window-full' | 'pacing';
  next: BudgetState;
}

export function decideAcquire(
  current: BudgetState,
  facts: WindowFacts,
  limits: BudgetLimits,
  now: number,
): AcquireDecision {
  const state = withRecovery(current, limits, now);
  if (now < state.pausedUntil)
    return { granted: false, waitMs: state.pausedUntil - now, reason: 'paused', next: state };
  const limit = effectiveLimit(state, limits);
  if (facts.count >= limit) {
    const frees = facts.oldestAt === null ? now + 1 : facts.oldestAt + limits.windowMs + limits.marginMs;
    return { granted: false, waitMs: Math.max(1, frees - now), reason: 'window-full', next: state };
  }
  if (state.learnedLimit !== null) {
    const nextSlot = state.lastGrantAt + limits.windowMs / limit;
    if (now < nextSlot)
      return { granted: false, waitMs: Math.ceil(nextSlot - now), reason: 'pacing', next: state };
  }
  return { granted: true, waitMs: 0, next: { ...state, lastGrantAt: now } };
}

export function applyThrottle(
  current: BudgetState,
  facts: WindowFacts,
  limits: BudgetLimits,
  event: ThrottleEvent,
): BudgetState {
  const state = withRecovery(current, limits, event.at);
  const fresh = event.requestGrantedAt >= state.lastThrottleAt;
  const hintless = event.retryAfterMs === undefined && event.resetAt === undefined && !event.rateLimitHeaders;
  if (hintless && facts.count < effectiveLimit(state, limits))
    return applyShortBackoff(state, facts, limits, event, fresh);
  const until =
    event.retryAfterMs !== undefined
      ? event.at + event.retryAfterMs
      : event.resetAt !== undefined
        ? event.resetAt
        : Math.max(
            (facts.oldestAt ?? event.at) + limits.windowMs + limits.marginMs,
            event.at + Math.min(1000, limits.windowMs / 10),
          );
  const next: BudgetState = { ...state, pausedUntil: Math.max(state.pausedUntil, until) };
  if (!fresh) return next;
  return {
    ...next,
    learnedLimit: lowered(state, limits),
    lastThrottleAt: event.at,
    lastRecoveryAt: event.at,
    throttles: state.throttles + 1,
  };
}

/**
 * A hint-less 429 while our window is not full: the server's window is shorter than ours, so pause
 * for seconds (see the file comment), not for our window. A 429 answering a request granted before
 * the last throttle changes nothing: that throttle already paused for it.
 */
function applyShortBackoff(
  state: BudgetState,
  facts: WindowFacts,
  limits: BudgetLimits,
  event: ThrottleEvent,
  fresh: boolean,
): BudgetState {
  if (!fresh) return state;
  const streak = state.backoffStreak + 1;
  const jitter = Math.min(Math.max(event.jitter ?? 0, 0), 1);
  const pause = Math.min(
    limits.windowMs,
    Math.round(backoffMs(streak, limits) * (1 + BACKOFF_JITTER * jitter)),
  );
  return {
    ...state,
    pausedUntil: Math.max(state.pausedUntil, event.at + pause),
    learnedLimit:
      state.backoffStreak === 0 ? loweredToMeasured(state, facts, limits, event.at) : state.learnedLimit,
    backoffStreak: streak,
    lastThrottleAt: event.at,
    lastRecoveryAt: event.at,
    throttles: state.throttles + 1,
  };
}

function lowered(state: BudgetState, limits: BudgetLimits): number {
  return Math.max(minLimit(limits), Math.floor(effectiveLimit(state, limits) * DECREASE));
}

/**
 * The first hint-less 429 of a streak lowers the limit by a quarter — or further, down to the rate
 * that actually got through in the recent past, when an earlier 429 falls in it too: a client held
 * back by the server (paced, or paused by 429s) gets about what the server sustains, whatever its
 * window. Without an earlier 429 the client may simply have been idle, and the rate says nothing.
 */
function loweredToMeasured(state: BudgetState, facts: WindowFacts, limits: BudgetLimits, at: number): number {
  const effective = effectiveLimit(state, limits);
  let learned = effective * DECREASE;
  const recent = facts.recent;
  const heldBack = state.lastThrottleAt > recentStart(limits, at);
  if (heldBack && recent && recent.oldestAt !== null && at > recent.oldestAt) {
    const measured = (recent.count / (at - recent.oldestAt)) * limits.windowMs;
    learned = Math.max(effective * MAX_DECREASE, Math.min(learned, measured));
  }
  return Math.max(minLimit(limits), Math.floor(learned));
}

/** An answer other than 429, to a request sent after the last throttle, ends the backoff streak. */
export function applySettle(state: BudgetState, outcome: SettleOutcome): BudgetState {
  if (!outcome.accepted || state.backoffStreak === 0 || outcome.grantedAt < state.lastThrottleAt)
    return state;
  return { ...state, backoffStreak: 0 };
}

export function applyHeaders(
  state: BudgetState,
  facts: WindowFacts,
  limits: BudgetLimits,
  report: HeaderReport,
): { next: BudgetState; phantoms: number } {
  let next = state;
  if (report.limit !== undefined && report.limit > 0) {
    const headerLimit = report.limit < limits.requests ? report.limit : null;
    if (headerLimit !== state.headerLimit) next = { ...next, headerLimit };
  }
  if (report.remaining === 0) {
    const until = report.resetAt ?? (facts.oldestAt ?? report.at) + limits.windowMs + limits.marginMs;
    if (until > next.pausedUntil) next = { ...next, pausedUntil: until };
  }
  let phantoms = 0;
  if (report.limit !== undefined && report.remaining !== undefined) {
    phantoms = Math.min(limits.requests, Math.max(0, report.limit - report.remaining - facts.count));
  }
  return { next, phantoms };
}

export function toSnapshot(
  state: BudgetState,
  facts: WindowFacts,
  limits: BudgetLimits,
  now: number,
): BudgetSnapshot {
  const current = withRecovery(state, limits, now);
  const limit = effectiveLimit(current, limits);
  return {
    at: now,
    used: facts.count,
    limit,
    remaining: Math.max(0, limit - facts.count),
    configuredLimit: limits.requests,
    windowMs: limits.windowMs,
    learnedLimit: current.learnedLimit,
    headerLimit: current.headerLimit,
    pausedUntil: current.pausedUntil > now ? current.pausedUntil : null,
    paced: current.learnedLimit !== null,
    throttles: current.throttles,
    backoffMs: current.backoffStreak > 0 ? backoffMs(current.backoffStreak, limits) : null,
  };
}

/** Requests counted in the window start after this instant. */
export function windowStart(limits: BudgetLimits, now: number): number {
  return now - limits.windowMs - limits.marginMs;
}

/** The recent past a hint-less 429 measures the rate over starts after this instant (WindowFacts.recent). */
export function recentStart(limits: BudgetLimits, now: number): number {
  return now - Math.min(limits.windowMs, RECENT_MS);
}
