/**
 * The retry policy handed to axios-retry. Its defaults are wrong for IT Glue (integrations.md §D):
 * timeouts are not retried, POST/PATCH never are, and exponentialDelay is uncapped. Here:
 * - GET, PUT, PATCH, DELETE retry on network errors, timeouts, 429, 500, 502, 503, 504;
 * - POST retries only when the request provably never reached IT Glue (no connection was made, or
 *   a 429, which is answered before any work); any other POST failure is an ambiguous write;
 * - the delay is capped full jitter, and never shorter than the server's Retry-After.
 */
import type { AxiosError } from 'axios';
import { CONNECT_TIMEOUT_CODE } from './agents.js';

export interface RetryOptions {
  /** Retries after the first attempt. Default 4. */
  retries?: number;
  /** Full-jitter base: attempt n waits random(0, min(max, base·2^(n-1))). Default 500 ms. */
  baseDelayMs?: number;
  /** Default 30 s. */
  maxDelayMs?: number;
  /** A Retry-After longer than this is not waited for: the call fails with EITGLUE_RATE_LIMITED. Default 10 min. */
  maxRetryAfterMs?: number;
}

export const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);

/** Failures that happen before a single byte reached the server. */
export const NEVER_REACHED_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  CONNECT_TIMEOUT_CODE,
]);

export const RESPONSE_TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT']);

export function isCancel(error: AxiosError): boolean {
  return error.code === 'ERR_CANCELED' || error.name === 'CanceledError';
}

export interface RetryContext {
  /** The caller handles 504 itself (the paginator halves the page instead). */
  handle504: boolean;
  now: number;
  maxRetryAfterMs: number;
}

export function shouldRetry(error: AxiosError, context: RetryContext): boolean {
  if (isCancel(error)) return false;
  const method = (error.config?.method ?? 'get').toUpperCase();
  const status = error.response?.status;
  if (status !== undefined) {
    if (!RETRYABLE_STATUS.has(status)) return false;
    if (status === 504 && context.handle504) return false;
    if (status === 429) {
      const wait = retryAfterMs(error.response?.headers, context.now);
      return wait === undefined || wait <= context.maxRetryAfterMs;
    }
    return method !== 'POST';
  }
  // No response: a network error or a timeout.
  if (method === 'POST') return NEVER_REACHED_CODES.has(error.code ?? '');
  return true;
}

/** Capped full jitter, never below Retry-After. */
export function retryDelayMs(
  retryCount: number,
  error: AxiosError,
  options: Required<Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs'>>,
  now: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, retryCount - 1));
  const jitter = Math.floor(random() * ceiling);
  return Math.max(jitter, retryAfterMs(error.response?.headers, now) ?? 0);
}

type Headers = Record<string, unknown> | { get?: (name: string) => unknown } | undefined;

function header(headers: Headers, name: string): string | undefined {
  if (!headers) return undefined;
  const value =
    (headers as Record<string, unknown>)[name] ?? (headers as Record<string, unknown>)[name.toLowerCase()];
  if (value === undefined || value === null) return undefined;
  return Array.isArray(value) ? String(value[0]) : String(value);
}

/** Retry-After as a delay in ms: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(headers: Headers, now: number): number | undefined {
  const raw = header(headers, 'retry-after')?.trim();
  if (!raw) return undefined;
  if (/^\d+(\.\d+)?$/.test(raw)) return Math.round(Number(raw) * 1000);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export interface RateLimitHeaders {
  limit?: number;
  remaining?: number;
  /** Epoch ms. */
  resetAt?: number;
}

/**
 * X-RateLimit-Limit / -Remaining / -Reset, when present. Reset comes as epoch seconds, epoch ms or
 * seconds from now depending on the server; the magnitude tells which.
 */
export function rateLimitHeaders(headers: Headers, now: number): RateLimitHeaders | undefined {
  const limit = numberOf(header(headers, 'x-ratelimit-limit'));
  const remaining = numberOf(header(headers, 'x-ratelimit-remaining'));
  const reset = numberOf(header(headers, 'x-ratelimit-reset'));
  if (limit === undefined && remaining === undefined && reset === undefined) return undefined;
  const out: RateLimitHeaders = {};
  if (limit !== undefined) out.limit = limit;
  if (remaining !== undefined) out.remaining = remaining;
  if (reset !== undefined)
    out.resetAt = reset > 1e12 ? reset : reset > 1e9 ? reset * 1000 : now + reset * 1000;
  return out;
}

function numberOf(raw: string | undefined): number | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = Number(raw);
  return Number.isFinite(value) && value >= 0 ? value : undefined;
}
