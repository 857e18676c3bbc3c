/**
 * The rate budget's decisions, as pure functions over the shared state and the window facts.
 *
 * - Sliding window: at most `limit` requests whose grant time is within the last window (+ margin).
 * - A 429 pauses everyone until Retry-After (or X-RateLimit-Reset); without either, until the
 *   oldest counted request leaves the window — the soonest a sliding window can accept again.
 * - Learning: each *fresh* 429 (answering a request granted after the previous throttle) lowers the
 *   limit by a quarter and switches to even pacing (window / limit between grants), because a
 *   server whose real window is shorter than ours rejects bursts even when the average is fine.
 *   After `recoverAfterMs` without a 429 the limit climbs back by a tenth per quiet period;
 *   back at the configured limit, pacing stops.
 * - X-RateLimit-Limit caps the limit; Remaining 0 pauses until Reset; a Remaining lower than ours
 *   means someone else uses the key, and their requests are counted as ours ("phantoms").
 */
import type {
  BudgetLimits,
  BudgetSnapshot,
  BudgetState,
  HeaderReport,
  ThrottleEvent,
  WindowFacts,
} from './types.js';

const DECREASE = 0.75;
const RECOVER_STEP = 0.1;

export function minLimit(limits: BudgetLimits): number {
  return Math.max(1, Math.ceil(limits.requests * 0.01));
}

export function effectiveLimit(state: BudgetState, limits: BudgetLimits): number {
  return Math.min(limits.requests, state.learnedLimit ?? Infinity, state.headerLimit ?? Infinity);
}

/** The state with any recovery due by `now` applied. */
export function withRecovery(state: BudgetState, limits: BudgetLimits, now: number): BudgetState {
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
  const fresh = event.requestGrantedAt >= state.lastThrottleAt;
  if (!fresh) return next;
  return {
    ...next,
    learnedLimit: Math.max(minLimit(limits), Math.floor(effectiveLimit(state, limits) * DECREASE)),
    lastThrottleAt: event.at,
    lastRecoveryAt: event.at,
    throttles: state.throttles + 1,
  };
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
  };
}

/** Requests counted in the window start after this instant. */
export function windowStart(limits: BudgetLimits, now: number): number {
  return now - limits.windowMs - limits.marginMs;
}
