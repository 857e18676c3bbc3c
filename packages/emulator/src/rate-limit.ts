import type { RateLimitOptions, RetryAfterMode } from './types.js';

export const DEFAULT_RATE_LIMIT: Required<RateLimitOptions> = {
  requests: 3000,
  windowSeconds: 300,
  retryAfter: 'seconds',
  headers: false,
};

export interface RateDecision {
  allowed: boolean;
  /** Accepted requests in the window, this one included when allowed. */
  inWindow: number;
  /** Until the oldest request in the window leaves it. */
  resetMs: number;
}

/**
 * A sliding window per API key: a request is accepted when fewer than `requests` were accepted in
 * the last `windowSeconds`. Rejected requests (429) are not recorded, so they do not extend the wait.
 */
export class SlidingWindowLimiter {
  private readonly windows = new Map<string, number[]>();

  constructor(private options: Required<RateLimitOptions>) {}

  get settings(): Required<RateLimitOptions> {
    return this.options;
  }

  configure(patch: Partial<RateLimitOptions>): void {
    this.options = { ...this.options, ...patch };
  }

  reset(): void {
    this.windows.clear();
  }

  take(key: string, now: number): RateDecision {
    const windowMs = this.options.windowSeconds * 1000;
    let stamps = this.windows.get(key);
    if (!stamps) {
      stamps = [];
      this.windows.set(key, stamps);
    }
    let expired = 0;
    while (expired < stamps.length && (stamps[expired] ?? 0) <= now - windowMs) expired++;
    if (expired > 0) stamps.splice(0, expired);
    const allowed = stamps.length < this.options.requests;
    if (allowed) stamps.push(now);
    const oldest = stamps[0] ?? now;
    return { allowed, inWindow: stamps.length, resetMs: Math.max(0, oldest + windowMs - now) };
  }
}

/** The Retry-After header value for a wait, or undefined when the mode says to send none. */
export function retryAfterHeader(mode: RetryAfterMode, waitMs: number, now: number): string | undefined {
  if (mode === 'none') return undefined;
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  if (mode === 'seconds') return String(seconds);
  // An HTTP date has whole seconds: round the instant up, so the date never falls before the wait
  // ends (rounded down, a wait that ends just after a second boundary read as "now" to a client).
  return new Date(Math.ceil((now + seconds * 1000) / 1000) * 1000).toUTCString();
}
