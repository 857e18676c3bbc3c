/**
 * The HTTP layer every PSA provider shares: axios + axios-retry (the same pair core uses for IT Glue,
 * so behaviour and proxies match) with a p-queue adapter in front of the socket. Why axios over fetch:
 * axios-retry already parses Retry-After (seconds or HTTP date) and composes it with exponential
 * backoff, and axios's adapter hook lets every attempt — retries included — pass the rate limiter,
 * which fetch would need hand-written plumbing for.
 *
 * - Rate limits: p-queue with `strict` sliding windows (`intervalCap` per `intervalMs`) and a
 *   concurrency cap, per provider instance.
 * - 429: the whole queue waits until Retry-After, then the request is retried; a Retry-After longer
 *   than `maxRetryAfterSeconds` is an EPSA_RATE_LIMITED error instead of a silent long sleep.
 * - Retries: network errors, 429 and 5xx, for GETs and for POSTs marked `idempotent` (query calls).
 * - Errors never carry headers or bodies we sent (credentials live there): 401/403 become EPSA_AUTH
 *   naming the connection keys to check.
 * - Credentials only go to the configured origin: a `Link`/`nextPageUrl` to another host is refused.
 */
import { isSecureUrl } from './connection.js';
import axios, { AxiosError, type AxiosInstance, type AxiosRequestConfig, type AxiosResponse } from 'axios';
import axiosRetry, { exponentialDelay, isNetworkError, retryAfter } from 'axios-retry';
import PQueue from 'p-queue';
import type { PluginLogger } from '@glueflow/core';
import { psaError } from '../errors.js';

export interface RateLimit {
  /** Requests in flight at once. */
  concurrency: number;
  /** At most `intervalCap` requests start in any `intervalMs` window (sliding). */
  intervalCap?: number;
  intervalMs?: number;
}

export interface HttpTuning {
  retries?: number;
  timeoutMs?: number;
  maxRetryAfterSeconds?: number;
}

export interface PsaHttpOptions extends HttpTuning {
  /** `ConnectWise`, `Autotask` … for messages. */
  label: string;
  baseUrl: string;
  /** Which connection keys to check, per status: shown as the hint of EPSA_AUTH. */
  credentialHints: { 401: string; 403: string };
  rateLimit: RateLimit;
  /** Headers for every request to `baseUrl`'s origin (auth); called per attempt so tokens can rotate. */
  headers?: () => Record<string, string> | Promise<Record<string, string>>;
  logger?: PluginLogger;
  signal?: AbortSignal;
}

export interface PsaRequest {
  method?: 'GET' | 'POST';
  /** Relative to `baseUrl`, or an absolute URL on the same origin (a `next` link). */
  url: string;
  params?: Record<string, string | number | boolean | undefined>;
  /** JSON body, or a URLSearchParams for a form post. */
  body?: unknown;
  /** A POST that only reads (a query call, a token request): safe to retry. */
  idempotent?: boolean;
  /** Skip `options.headers` (the token request itself). */
  anonymous?: boolean;
}

export interface PsaHttp {
  request<T>(request: PsaRequest): Promise<AxiosResponse<T>>;
  readonly origin: string;
  /** Requests sent, retries included (the tests' and the bench's counter). */
  readonly sent: number;
}

const RETRY_STATUSES = new Set([429, 500, 502, 503, 504]);

export function createPsaHttp(options: PsaHttpOptions): PsaHttp {
  const base = new URL(options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);
  // Config URLs are checked by their schema; this also covers URLs a PSA hands out (Autotask's zone).
  if (!isSecureUrl(base.href)) {
    throw psaError(
      'EPSA_RESPONSE',
      `refusing plain http for ${options.label} at ${base.origin}: the credentials would travel unencrypted`,
      'https is required except to this machine (127.0.0.1, ::1, localhost)',
      { where: options.label },
    );
  }
  const queue = new PQueue({
    concurrency: options.rateLimit.concurrency,
    ...(options.rateLimit.intervalCap && options.rateLimit.intervalMs
      ? { intervalCap: options.rateLimit.intervalCap, interval: options.rateLimit.intervalMs, strict: true }
      : {}),
  });
  const socket = axios.getAdapter(['http']);
  let pausedUntil = 0;
  let sent = 0;
  const maxRetryAfterMs = (options.maxRetryAfterSeconds ?? 120) * 1000;

  const instance: AxiosInstance = axios.create({
    timeout: options.timeoutMs ?? 30_000,
    maxRedirects: 0,
    // Every attempt, retries included, takes a slot of the limiter and respects a 429 pause.
    adapter: (config) =>
      queue.add(
        async () => {
          const wait = pausedUntil - Date.now();
          if (wait > 0) await sleep(wait, options.signal);
          sent++;
          return socket(config);
        },
        options.signal ? { signal: options.signal } : {},
      ),
  });
  axiosRetry(instance, {
    retries: options.retries ?? 4,
    retryCondition: (error) => {
      if (isNetworkError(error) || error.code === 'ECONNABORTED' || error.code === 'ETIMEDOUT') {
        return isRetryableMethod(error.config);
      }
      const status = error.response?.status ?? 0;
      if (!RETRY_STATUSES.has(status) || !isRetryableMethod(error.config)) return false;
      if (status === 429 && retryAfter(error) > maxRetryAfterMs) return false;
      return true;
    },
    retryDelay: (count, error) => {
      const delay = exponentialDelay(count, error, 100);
      if (error.response?.status === 429) pausedUntil = Math.max(pausedUntil, Date.now() + delay);
      return delay;
    },
    onRetry: (count, error, config) => {
      options.logger?.debug(`${options.label} retry ${count}`, {
        method: config.method?.toUpperCase(),
        path: pathOf(config),
        status: error.response?.status ?? error.code,
      });
    },
  });

  const request = async <T>(req: PsaRequest): Promise<AxiosResponse<T>> => {
    const url = new URL(req.url, base);
    if (url.origin !== base.origin) {
      throw psaError(
        'EPSA_RESPONSE',
        `${options.label} pointed a next-page link to another host (${url.origin})`,
        'credentials are only sent to the configured URL; check the connection URL and any proxy in between',
      );
    }
    const headers = req.anonymous ? {} : ((await options.headers?.()) ?? {});
    const config: AxiosRequestConfig & { idempotent?: boolean } = {
      method: req.method ?? 'GET',
      url: url.toString(),
      params: req.params,
      data: req.body,
      headers: {
        Accept: 'application/json',
        ...(req.body instanceof URLSearchParams
          ? { 'Content-Type': 'application/x-www-form-urlencoded' }
          : {}),
        ...headers,
      },
      ...(options.signal ? { signal: options.signal } : {}),
      idempotent: req.idempotent === true || (req.method ?? 'GET') === 'GET',
    };
    try {
      const response = await instance.request<T>(config);
      options.logger?.debug(`${options.label} ${config.method} ${url.pathname}`, { status: response.status });
      return response;
    } catch (error) {
      throw toPsaError(error, options, `${config.method} ${url.pathname}`, maxRetryAfterMs);
    }
  };

  return {
    request,
    origin: base.origin,
    get sent() {
      return sent;
    },
  };
}

function isRetryableMethod(config: (AxiosRequestConfig & { idempotent?: boolean }) | undefined): boolean {
  return config?.idempotent === true;
}

function pathOf(config: AxiosRequestConfig): string {
  try {
    return new URL(config.url ?? '').pathname;
  } catch {
    return '(unknown)';
  }
}

/** A secret-free error: status, route and what to check — never the request's headers or body. */
function toPsaError(error: unknown, options: PsaHttpOptions, where: string, maxRetryAfterMs: number) {
  if (!(error instanceof AxiosError)) return error;
  const status = error.response?.status;
  const label = options.label;
  if (status === 401 || status === 403) {
    return psaError(
      'EPSA_AUTH',
      `${label} refused the ${status === 401 ? 'credentials' : 'request'} (${status}) on ${where}`,
      options.credentialHints[status],
      { where, status },
    );
  }
  if (status === 429) {
    const waitMs = retryAfter(error);
    return psaError(
      'EPSA_RATE_LIMITED',
      `${label} is rate limiting (429${waitMs > maxRetryAfterMs ? `, Retry-After ${Math.ceil(waitMs / 1000)} s` : ''}) on ${where}`,
      waitMs > maxRetryAfterMs
        ? `run again later, or raise connection.http.maxRetryAfterSeconds (now ${maxRetryAfterMs / 1000})`
        : 'other integrations share this limit; run the sync at a quieter time',
      { where, status },
    );
  }
  if (status !== undefined) {
    return psaError(
      'EPSA_HTTP',
      `${label} answered ${status} on ${where}${describeBody(error.response?.data)}`,
      status === 404
        ? 'check the connection URL (it must end at the API base, see the provider table in the README)'
        : status >= 500
          ? `${label} is failing; the request was retried — try again later`
          : 'the request was refused; check the connection and filter options',
      { where, status },
    );
  }
  return psaError(
    'EPSA_NETWORK',
    `${label} could not be reached on ${where} (${error.code ?? 'network error'})`,
    'check the connection URL, DNS and firewall; the request was retried',
    { where },
  );
}

/** A short, safe excerpt of an error body (PSAs explain 400s there); never our own request. */
function describeBody(data: unknown): string {
  if (data === undefined || data === null || data === '') return '';
  const text = typeof data === 'string' ? data : JSON.stringify(data);
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine ? `: ${oneLine.slice(0, 160)}` : '';
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
