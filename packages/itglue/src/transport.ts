/**
 * One logical request = breaker admission → a concurrency slot (by priority) → attempts through
 * axios, each attempt first taking a slot from the rate budget (retries too, since axios-retry
 * re-runs the request interceptors) → one catalogued error or one parsed answer.
 */
import { randomUUID } from 'node:crypto';
import axios from 'axios';
import type { AxiosInstance, AxiosResponse } from 'axios';
import PQueue from 'p-queue';
import { createError } from './errors/index.js';
import type { GlueflowError } from './errors/index.js';
import type { ClientLogger as Logger } from './logger.js';
import { RecordWrites } from './record-writes.js';
import { AgentPool } from './agents.js';
import { PRIORITY_RANK } from './budget/rate-budget.js';
import type { Priority, RateBudget } from './budget/rate-budget.js';
import type { CircuitBreaker } from './circuit-breaker.js';
import type { Clock } from './clock.js';
import type { ClientHooks } from './hooks.js';
import { CallMeta, attachInterceptors, emit } from './interceptors.js';
import { BREAKER_FAILURE_CODES, toGlueflowError } from './map-error.js';
import type { ClientMetrics } from './metrics.js';
import type { RetryOptions } from './retry-policy.js';
import type { ReadContext } from './read-context.js';
import type { OddAttribute } from './tolerant-reader.js';

/** IT Glue's request limit (API Gateway): 10 MB. */
export const MAX_REQUEST_BYTES = 10 * 1024 * 1024;

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
export type QueryValue = string | number | boolean | null | undefined | ReadonlyArray<string | number>;
export type QueryParams = Record<string, QueryValue>;

export interface Timeouts {
  connectMs: number;
  responseMs: number;
}

export interface CallOptions {
  /** interactive (default) > watch > bulk: who gets the next slot and the next budget grant. */
  priority?: Priority;
  signal?: AbortSignal;
  timeouts?: Partial<Timeouts>;
}

export interface RawRequest extends CallOptions {
  method: HttpMethod;
  /** Path below the base URL, e.g. `/organizations/12`. */
  path: string;
  /** Bracket keys as IT Glue spells them: `filter[name]`, `page[size]`. Arrays join with commas. */
  query?: QueryParams;
  /** A JSON value, sent as application/vnd.api+json. */
  body?: unknown;
  /** Answer as a stream (downloads); the caller must consume it. */
  stream?: boolean;
  /** Full URL instead of base URL + path (downloads). The API key is sent only to the API's origin. */
  absoluteUrl?: string;
  /** Answer 3xx instead of failing (downloads follow redirects themselves, to choose where the key goes). */
  acceptRedirect?: boolean;
  /** Internal: a 504 is handled by the caller (the paginator halves the page) — no retry, no breaker failure. */
  handle504?: boolean;
  /** Internal: the call reads a password value (a 403 hint then mentions Password Access). */
  passwordValue?: boolean;
}

export interface RawResponse<T = unknown> {
  status: number;
  headers: Record<string, string>;
  data: T;
  requestId: string;
  attempts: number;
  durationMs: number;
}

export interface TransportOptions {
  baseUrl: string;
  apiKey: string;
  budget: RateBudget;
  breaker: CircuitBreaker;
  metrics: ClientMetrics;
  hooks: ClientHooks;
  logger: Logger;
  clock: Clock;
  concurrency: number;
  timeouts: Timeouts;
  retry: Required<RetryOptions>;
  defaultPriority: Priority;
  userAgent: string;
}

export class Transport {
  private readonly http: AxiosInstance;
  private readonly queue: PQueue;
  private readonly agents: AgentPool;
  private readonly origin: string;
  private closed = false;
  /** Every successful write, for whoever follows them (resource-base.ts notifies). */
  readonly writes: RecordWrites;

  constructor(private readonly options: TransportOptions) {
    this.writes = new RecordWrites(options.logger);
    this.origin = new URL(options.baseUrl).origin;
    this.queue = new PQueue({ concurrency: options.concurrency });
    this.agents = new AgentPool(Math.max(options.concurrency * 2, 8));
    this.http = axios.create({
      baseURL: options.baseUrl,
      headers: { Accept: 'application/vnd.api+json', 'User-Agent': options.userAgent },
      // Parse ourselves: a non-JSON answer must become EITGLUE_BAD_RESPONSE / NO_ROUTE, not a crash.
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
      maxRedirects: 0,
      maxBodyLength: Infinity,
      maxContentLength: Infinity,
      transitional: { clarifyTimeoutError: true, silentJSONParsing: true, forcedJSONParsing: false },
      proxy: false,
    });
    attachInterceptors(this.http, {
      budget: options.budget,
      metrics: options.metrics,
      hooks: options.hooks,
      logger: options.logger,
      clock: options.clock,
      retry: options.retry,
    });
  }

  /**
   * How a reader of this transport's answers reports: attributes set aside by the tolerant reader
   * are counted (metrics, the onOddAttribute hook) and logged once per type + attribute.
   */
  readContext(where: string, response?: Pick<RawResponse, 'requestId' | 'status'>): ReadContext {
    return {
      where,
      ...(response ? { requestId: response.requestId, status: response.status } : {}),
      onOddAttribute: this.noteOddAttribute,
    };
  }

  private readonly loggedOdd = new Set<string>();
  private readonly noteOddAttribute = (odd: OddAttribute): void => {
    this.options.metrics.oddAttribute();
    const key = `${odd.type}.${odd.attribute}`;
    if (!this.loggedOdd.has(key)) {
      this.loggedOdd.add(key);
      this.options.logger.warn(
        `IT Glue sent ${odd.type}.${odd.attribute} as ${odd.found} (expected ${odd.expected}): the attribute is left out, the record kept; further ones are counted, not logged`,
        { ...odd },
      );
    }
    emit(this.options.logger, 'onOddAttribute', () => this.options.hooks.onOddAttribute?.(odd));
  };

  get inFlight(): number {
    return this.queue.pending;
  }

  get queued(): number {
    return this.queue.size;
  }

  async send<T = unknown>(request: RawRequest): Promise<RawResponse<T>> {
    const { clock, breaker, metrics, logger } = this.options;
    const requestId = randomUUID();
    const method = request.method;
    const path = request.absoluteUrl ? new URL(request.absoluteUrl).pathname : request.path;
    const where = `${method} ${path}`;
    if (this.closed) throw createError('EITGLUE_CLOSED', { where });
    const timeouts = { ...this.options.timeouts, ...request.timeouts };
    const body = request.body === undefined ? undefined : JSON.stringify(request.body);
    if (body !== undefined && Buffer.byteLength(body) > MAX_REQUEST_BYTES) {
      throw createError('EITGLUE_TOO_LARGE', {
        where,
        bytes: Buffer.byteLength(body),
        limitBytes: MAX_REQUEST_BYTES,
      });
    }
    const priority = request.priority ?? this.options.defaultPriority;
    const started = clock.now();
    const meta = new CallMeta(
      requestId,
      priority,
      request.handle504 ?? false,
      displayPath(request),
      request.signal,
    );
    let admission;
    try {
      admission = breaker.admit();
    } catch (error) {
      metrics.call((error as GlueflowError).code);
      throw error;
    }
    const admitted = admission;
    try {
      const response = await this.queue.add(
        async () => {
          breaker.confirm(admitted);
          const agents = this.agents.get(timeouts.connectMs);
          const url = request.absoluteUrl ?? withQuery(request.path, request.query);
          const sameOrigin = !request.absoluteUrl || new URL(request.absoluteUrl).origin === this.origin;
          return this.http.request({
            method,
            url,
            data: body,
            headers: {
              ...(sameOrigin ? { 'x-api-key': this.options.apiKey } : {}),
              // No body, no content type (axios would add a form one to a bare PATCH; IT Glue answers 415).
              'Content-Type': body === undefined ? false : 'application/vnd.api+json',
            },
            timeout: timeouts.responseMs,
            httpAgent: agents.http,
            httpsAgent: agents.https,
            ...(request.stream ? { responseType: 'stream' as const } : {}),
            ...(request.acceptRedirect
              ? { validateStatus: (status: number) => status >= 200 && status < 400 }
              : {}),
            ...(request.signal ? { signal: request.signal } : {}),
            glueflow: meta,
          });
        },
        { priority: PRIORITY_RANK[priority], ...(request.signal ? { signal: request.signal } : {}) },
      );
      const data = request.stream ? (response.data as T) : (parseBody(response, where, requestId) as T);
      breaker.success(admitted);
      metrics.call();
      return {
        status: response.status,
        headers: flatHeaders(response.headers),
        data,
        requestId,
        attempts: meta.attempt,
        durationMs: clock.now() - started,
      };
    } catch (error) {
      const failure = toGlueflowError(error, {
        method,
        path,
        requestId,
        connectMs: timeouts.connectMs,
        responseMs: timeouts.responseMs,
        now: clock.now(),
        passwordValue: request.passwordValue ?? false,
      });
      if (failure.code === 'EITGLUE_ABORTED' || failure.code === 'EITGLUE_CIRCUIT_OPEN')
        breaker.release(admitted);
      else if (BREAKER_FAILURE_CODES.has(failure.code) && !(request.handle504 && failure.status === 504)) {
        breaker.failure(admitted);
      } else breaker.neutral(admitted);
      metrics.call(failure.code);
      const level =
        failure.status !== undefined && failure.status < 500 && failure.status !== 429 ? 'debug' : 'warn';
      logger[level]('itglue call failed', {
        requestId,
        method,
        path: meta.displayPath,
        attempts: meta.attempt,
        error: failure,
      });
      throw failure;
    }
  }

  /** Refuses new calls, lets queued and in-flight calls finish (none is left hanging), frees sockets. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue.onIdle();
    this.agents.destroy();
  }
}

function parseBody(response: AxiosResponse, where: string, requestId: string): unknown {
  const text = response.data as string | undefined;
  if (response.status === 204 || text === undefined || text === '') return undefined;
  const contentType = String(response.headers['content-type'] ?? '');
  if (!/json/i.test(contentType)) {
    throw createError(
      'EITGLUE_BAD_RESPONSE',
      { where, problem: `expected JSON, got ${contentType || 'no content type'}` },
      { requestId, status: response.status },
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw createError(
      'EITGLUE_BAD_RESPONSE',
      { where, problem: 'the body is not valid JSON' },
      { requestId, status: response.status, cause: error },
    );
  }
}

export function withQuery(path: string, query: QueryParams | undefined): string {
  if (!query) return path;
  const parts: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    const text = Array.isArray(value) ? value.join(',') : String(value);
    parts.push(
      `${encodeURIComponent(key).replace(/%5B/g, '[').replace(/%5D/g, ']')}=${encodeURIComponent(text)}`,
    );
  }
  return parts.length === 0 ? path : `${path}${path.includes('?') ? '&' : '?'}${parts.join('&')}`;
}

function displayPath(request: RawRequest): string {
  if (request.absoluteUrl) {
    const url = new URL(request.absoluteUrl);
    return `${url.origin}${url.pathname}`;
  }
  return decodeURIComponent(withQuery(request.path, request.query));
}

function flatHeaders(headers: AxiosResponse['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) {
    if (value !== undefined && value !== null)
      out[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return out;
}
