/**
 * The rate budget's storage contract (DESIGN.md §5). The decisions live in policy.ts; a store only
 * supplies window facts and persists state atomically, so a Redis store (ZSET of timestamps + a
 * hash, one Lua script per operation) can replace the SQLite one without touching the policy.
 */

export interface BudgetLimits {
  /** Requests allowed per window (configured). */
  requests: number;
  windowMs: number;
  /** Extra time a request stays counted, covering the gap between our clock and the server's. */
  marginMs: number;
  /** Quiet time (no 429) after which a learned limit climbs one step back towards `requests`. */
  recoverAfterMs: number;
}

/** Shared per API key (hash) across clients and processes. All times are epoch ms; 0 = never. */
export interface BudgetState {
  /** Limit learned from repeated 429s (requests are then also paced evenly); null = none learned. */
  learnedLimit: number | null;
  /** Limit announced by X-RateLimit-Limit, when lower than the configured one. */
  headerLimit: number | null;
  pausedUntil: number;
  lastThrottleAt: number;
  lastRecoveryAt: number;
  lastGrantAt: number;
  /** Throttle events seen (a burst of 429s answering requests sent before the first counts once). */
  throttles: number;
  /**
   * Fresh hint-less 429s in a row while our window was not full (0 = none): each one doubles the
   * short backoff. Ends when a request granted after the last throttle gets an answer other than 429.
   */
  backoffStreak: number;
}

export const INITIAL_STATE: BudgetState = {
  learnedLimit: null,
  headerLimit: null,
  pausedUntil: 0,
  lastThrottleAt: 0,
  lastRecoveryAt: 0,
  lastGrantAt: 0,
  throttles: 0,
  backoffStreak: 0,
};

/** Requests counted in the current window (`at > now - windowMs - marginMs`). */
export interface WindowFacts {
  count: number;
  oldestAt: number | null;
  /** For a throttle only: the same over the recent past (`at > recentStart(…)`): the rate that got through. */
  recent?: { count: number; oldestAt: number | null };
}

export interface AcquireResult {
  granted: boolean;
  /**
   * The time the decision was made at, when the store corrected the caller's `now`: another process
   * may have written a later time while this caller waited for the store (see SqliteBudgetStore).
   */
  at?: number;
  /** Identifies the granted request, to settle it when its answer arrives. */
  grantId?: number;
  /** When not granted: how long until a grant could succeed. */
  waitMs: number;
  reason?: 'paused' | 'window-full' | 'pacing';
  snapshot: BudgetSnapshot;
}

export interface ThrottleEvent {
  at: number;
  /** When the throttled request was granted: 429s for requests sent before the last throttle teach nothing new. */
  requestGrantedAt: number;
  retryAfterMs?: number;
  /** X-RateLimit-Reset as epoch ms, when sent. */
  resetAt?: number;
  /** The 429 carried X-RateLimit-* headers (any of them): the server told us something about its window. */
  rateLimitHeaders?: boolean;
  /** A random number in [0, 1) spreading the short backoff (injected so tests are deterministic). */
  jitter?: number;
}

/** How an answered request went: an answer other than 429 ends a backoff streak. */
export interface SettleOutcome {
  /** The server answered, and not with 429. */
  accepted: boolean;
  /** The grant time before settling: only a request sent after the last throttle proves anything. */
  grantedAt: number;
}

export interface HeaderReport {
  at: number;
  limit?: number;
  remaining?: number;
  resetAt?: number;
}

export interface BudgetSnapshot {
  at: number;
  used: number;
  /** The limit in force now: configured, lowered by learning or headers. */
  limit: number;
  remaining: number;
  configuredLimit: number;
  windowMs: number;
  learnedLimit: number | null;
  headerLimit: number | null;
  /** Epoch ms, or null when not paused. */
  pausedUntil: number | null;
  /** Requests are spread evenly (after 429s) rather than sent in bursts. */
  paced: boolean;
  throttles: number;
  /** The short backoff of the current streak of hint-less 429s (before jitter); null = no streak. */
  backoffMs: number | null;
}

export interface RateBudgetStore {
  tryAcquire(key: string, limits: BudgetLimits, now: number): Promise<AcquireResult>;
  /**
   * Moves a granted request's time to when its answer arrived. The server counted it somewhere
   * between grant and answer; counting it from the answer can only be late, never early — so a
   * slow or cold first request cannot make its window slot come free before the server's does.
   */
  settle(key: string, grantId: number, at: number, outcome?: SettleOutcome): Promise<void>;
  recordThrottle(key: string, limits: BudgetLimits, event: ThrottleEvent): Promise<BudgetSnapshot>;
  recordHeaders(key: string, limits: BudgetLimits, report: HeaderReport): Promise<void>;
  snapshot(key: string, limits: BudgetLimits, now: number): Promise<BudgetSnapshot>;
  close(): Promise<void>;
}
