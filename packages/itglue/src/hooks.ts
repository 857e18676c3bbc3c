/**
 * Plain callbacks the client calls as things happen. The engine bridges them to its tapable hooks;
 * the client itself knows nothing of tapable. A throwing listener is logged and ignored: a
 * metrics exporter must never break a request.
 */
import type { Priority } from './budget/rate-budget.js';
import type { CircuitStateChange } from './circuit-breaker.js';
import type { OddAttribute } from './tolerant-reader.js';

/** One HTTP attempt finished (successfully or not). */
export interface RequestEvent {
  requestId: string;
  method: string;
  /** Path and query, e.g. /organizations?page[size]=1000 */
  path: string;
  attempt: number;
  priority: Priority;
  /** HTTP status, or undefined when no answer came. */
  status?: number;
  /** Network error code (ECONNRESET …) when no answer came. */
  errorCode?: string;
  durationMs: number;
  /** Time spent waiting for the rate budget before this attempt. */
  budgetWaitMs: number;
}

export interface RetryEvent {
  requestId: string;
  method: string;
  path: string;
  /** The attempt about to be made (2 = first retry). */
  attempt: number;
  delayMs: number;
  /** `429`, `503`, `ECONNRESET`, `ETIMEDOUT` … */
  reason: string;
}

export interface RateLimitedEvent {
  requestId: string;
  method: string;
  path: string;
  retryAfterMs?: number;
  /** Epoch ms until which the whole budget is paused, or null. */
  pausedUntil: number | null;
  learnedLimit: number | null;
  limit: number;
}

export interface ClientHooks {
  onRequest?: (event: RequestEvent) => void;
  onRetry?: (event: RetryEvent) => void;
  onRateLimited?: (event: RateLimitedEvent) => void;
  onCircuitStateChange?: (change: CircuitStateChange) => void;
  /** The tolerant reader set an attribute of an unexpected type aside (the record was kept). */
  onOddAttribute?: (odd: OddAttribute) => void;
}
