/**
 * One delivery: a signed POST, retried with capped exponential backoff and full jitter on network errors,
 * timeouts, 408, 429 and 5xx (a Retry-After header wins, capped too), never on other answers. Hand-written
 * over Node's fetch rather than p-retry: the per-attempt delay must follow Retry-After, and tests inject
 * the clock; the loop is the whole of it.
 */
import { isGlueflowError } from '@glueflow/core';
import { originOf } from './endpoint.js';
import { webhookError } from './errors.js';

export interface RetrySettings {
  /** Retries after the first attempt. */
  retries: number;
  /** Upper bound of the first retry delay; doubled per retry. */
  backoffMs: number;
  /** Longest single wait, also for Retry-After. */
  maxBackoffMs: number;
  timeoutMs: number;
}

export interface DeliveryRequest {
  url: string;
  body: string;
  headers: Record<string, string>;
}

export interface RetryNotice {
  attempt: number;
  delayMs: number;
  reason: string;
}

/** Injected for tests: the clock and the dice. */
export interface DeliveryDeps {
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  onRetry?: (notice: RetryNotice) => void;
}

export interface Delivered {
  status: number;
  attempts: number;
}

const RETRYABLE_STATUS = new Set([408, 429]);

export async function postWithRetries(
  request: DeliveryRequest,
  settings: RetrySettings,
  deps: DeliveryDeps = {},
): Promise<Delivered> {
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = deps.random ?? Math.random;
  const endpoint = originOf(request.url);
  for (let attempt = 1; ; attempt++) {
    const outcome = await attemptOnce(request, settings.timeoutMs, endpoint);
    if ('status' in outcome && outcome.ok) return { status: outcome.status, attempts: attempt };
    if (attempt > settings.retries) {
      throw webhookError(
        'EWEBHOOK_DELIVERY',
        `${endpoint} did not take the event after ${attempt} attempt${attempt === 1 ? '' : 's'}: ${outcome.reason}`,
        'check that the receiver is up; events seen by `glueflow watch` are delivered again on its next poll',
        { where: endpoint, ...('status' in outcome ? { status: outcome.status } : {}) },
      );
    }
    const ceiling = Math.min(settings.maxBackoffMs, settings.backoffMs * 2 ** (attempt - 1));
    const delayMs =
      outcome.retryAfterMs !== undefined
        ? Math.min(outcome.retryAfterMs, settings.maxBackoffMs)
        : Math.round(random() * ceiling);
    deps.onRetry?.({ attempt, delayMs, reason: outcome.reason });
    await sleep(delayMs);
  }
}

type Outcome =
  | { ok: true; status: number }
  | { ok: false; status: number; reason: string; retryAfterMs?: number }
  | { ok: false; reason: string; retryAfterMs?: undefined };

async function attemptOnce(request: DeliveryRequest, timeoutMs: number, endpoint: string): Promise<Outcome> {
  let response: Response;
  try {
    response = await fetch(request.url, {
      method: 'POST',
      body: request.body,
      headers: request.headers,
      // A redirect could lead the signed event anywhere, also to plain http: never follow one.
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    if (isGlueflowError(error)) throw error;
    return { ok: false, reason: networkReason(error, timeoutMs) };
  }
  await response.arrayBuffer().catch(() => undefined); // free the connection; the answer's body is not used
  const status = response.status;
  if (status >= 200 && status < 300) return { ok: true, status };
  if (status >= 500 || RETRYABLE_STATUS.has(status)) {
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
    return {
      ok: false,
      status,
      reason: `HTTP ${status}`,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    };
  }
  throw webhookError(
    'EWEBHOOK_DELIVERY',
    `${endpoint} refused the event: HTTP ${status}`,
    refusalHint(status),
    {
      where: endpoint,
      status,
    },
  );
}

function refusalHint(status: number): string {
  if (status === 401 || status === 403)
    return 'the receiver rejected the request: check that it verifies X-Glueflow-Signature with the same secret';
  if (status >= 300 && status < 400) return 'the endpoint redirects: configure the final https:// URL';
  return 'the receiver does not accept this request; a retry would not change that';
}

/** Retry-After as seconds or an HTTP date, in ms; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function networkReason(error: unknown, timeoutMs: number): string {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  return e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(error);
}
