/**
 * What happens around every HTTP attempt: take a budget slot first, time the attempt, feed 429s and
 * X-RateLimit-* headers back to the budget, report through hooks and logs — then axios-retry decides
 * whether to go again. Registration order matters: these response handlers are installed before
 * axios-retry's, so a 429 has paused the budget before the retry asks it for a slot.
 */
import type { AxiosError, AxiosInstance, AxiosResponse, InternalAxiosRequestConfig } from 'axios';
import axiosRetry from 'axios-retry';
import type { ClientLogger as Logger } from './logger.js';
import type { Grant, Priority, RateBudget } from './budget/rate-budget.js';
import type { Clock } from './clock.js';
import type { ClientHooks } from './hooks.js';
import type { ClientMetrics } from './metrics.js';
import { rateLimitHeaders, retryAfterMs, retryDelayMs, shouldRetry } from './retry-policy.js';
import type { RetryOptions } from './retry-policy.js';

/**
 * Per-call state carried on the axios config across attempts. A class on purpose: axios deep-copies
 * plain objects in a request config, and the caller must see the attempts the interceptors count.
 */
export class CallMeta {
  attempt = 0;
  grant: Grant | undefined;
  grantedAt = 0;
  attemptStartedAt = 0;
  budgetWaitMs = 0;
  nextDelayMs: number | undefined;

  constructor(
    readonly requestId: string,
    readonly priority: Priority,
    readonly handle504: boolean,
    readonly displayPath: string,
    readonly signal: AbortSignal | undefined,
  ) {}
}

declare module 'axios' {
  interface AxiosRequestConfig {
    glueflow?: CallMeta;
  }
}

export interface InterceptorDeps {
  budget: RateBudget;
  metrics: ClientMetrics;
  hooks: ClientHooks;
  logger: Logger;
  clock: Clock;
  retry: Required<RetryOptions>;
}

export function attachInterceptors(http: AxiosInstance, deps: InterceptorDeps): void {
  const { budget, metrics, hooks, logger, clock, retry } = deps;

  http.interceptors.request.use(async (config: InternalAxiosRequestConfig) => {
    const meta = config.glueflow;
    if (!meta) return config;
    meta.attempt++;
    const waitStart = clock.now();
    const grant = await budget.acquire(meta.priority, meta.signal);
    meta.grant = grant;
    meta.grantedAt = grant.at;
    meta.budgetWaitMs = clock.now() - waitStart;
    meta.attemptStartedAt = clock.now();
    return config;
  });

  const finishAttempt = async (
    meta: CallMeta,
    method: string,
    response: AxiosResponse | undefined,
    errorCode?: string,
  ) => {
    const durationMs = clock.now() - meta.attemptStartedAt;
    const status = response?.status;
    metrics.attempt(status ?? errorCode ?? 'error', durationMs);
    const event = {
      requestId: meta.requestId,
      method,
      path: meta.displayPath,
      attempt: meta.attempt,
      priority: meta.priority,
      durationMs,
      budgetWaitMs: meta.budgetWaitMs,
      ...(status === undefined ? {} : { status }),
      ...(errorCode === undefined ? {} : { errorCode }),
    };
    // Any answer but a 429 shows the server's window has room again (ends a backoff streak).
    if (meta.grant) await budget.settle(meta.grant, status === undefined ? undefined : status !== 429);
    logger.debug('itglue request', event);
    emit(logger, 'onRequest', () => hooks.onRequest?.(event));
    if (!response) return;
    const now = clock.now();
    const limits = rateLimitHeaders(response.headers as Record<string, unknown>, now);
    if (limits) await budget.headers(limits);
    if (status === 429) {
      const wait = retryAfterMs(response.headers as Record<string, unknown>, now);
      const snapshot = await budget.throttled({
        requestGrantedAt: meta.grantedAt,
        ...(wait === undefined ? {} : { retryAfterMs: wait }),
        ...(limits?.resetAt === undefined ? {} : { resetAt: limits.resetAt }),
        // Without any hint the budget backs off for seconds rather than its whole window.
        rateLimitHeaders: limits !== undefined,
      });
      const limited = {
        requestId: meta.requestId,
        method,
        path: meta.displayPath,
        ...(wait === undefined ? {} : { retryAfterMs: wait }),
        pausedUntil: snapshot.pausedUntil,
        learnedLimit: snapshot.learnedLimit,
        limit: snapshot.limit,
      };
      logger.warn('itglue rate limited', limited);
      emit(logger, 'onRateLimited', () => hooks.onRateLimited?.(limited));
    }
  };

  http.interceptors.response.use(
    async (response) => {
      const meta = response.config.glueflow;
      if (meta) await finishAttempt(meta, methodOf(response.config), response);
      return response;
    },
    async (error: AxiosError) => {
      const meta = error.config?.glueflow;
      if (!meta || !error.config) throw error;
      if (error.response && isStream(error.response.data)) {
        // Downloads answer as streams; an error answer is read so its body can be parsed.
        error.response.data = await readSome(error.response.data as NodeJS.ReadableStream);
      }
      await finishAttempt(
        meta,
        methodOf(error.config),
        error.response,
        error.response ? undefined : (error.code ?? 'error'),
      );
      throw error;
    },
  );

  axiosRetry(http, {
    retries: retry.retries,
    shouldResetTimeout: true,
    retryCondition: (error) =>
      shouldRetry(error, {
        handle504: error.config?.glueflow?.handle504 ?? false,
        now: clock.now(),
        maxRetryAfterMs: retry.maxRetryAfterMs,
      }),
    retryDelay: (count, error) => {
      const delay = retryDelayMs(count, error, retry, clock.now());
      const meta = error.config?.glueflow;
      if (meta) meta.nextDelayMs = delay;
      return delay;
    },
    onRetry: (_count, error, config) => {
      const meta = config.glueflow;
      if (!meta) return;
      metrics.retry();
      const event = {
        requestId: meta.requestId,
        method: methodOf(config),
        path: meta.displayPath,
        attempt: meta.attempt + 1,
        delayMs: meta.nextDelayMs ?? 0,
        reason: String(error.response?.status ?? error.code ?? 'error'),
      };
      logger.info('itglue retry', event);
      emit(logger, 'onRetry', () => hooks.onRetry?.(event));
    },
  });
}

function methodOf(config: { method?: string | undefined }): string {
  return (config.method ?? 'get').toUpperCase();
}

/** Calls a client hook listener; a throwing listener is logged and ignored. */
export function emit(logger: Logger, hook: string, call: () => void): void {
  try {
    call();
  } catch (error) {
    logger.warn('itglue hook listener failed', { hook, error });
  }
}

function isStream(value: unknown): value is NodeJS.ReadableStream {
  return (
    typeof value === 'object' && value !== null && typeof (value as { pipe?: unknown }).pipe === 'function'
  );
}

async function readSome(stream: NodeJS.ReadableStream, limit = 64 * 1024): Promise<string> {
  let text = '';
  for await (const chunk of stream) {
    text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    if (text.length >= limit) break;
  }
  return text;
}
