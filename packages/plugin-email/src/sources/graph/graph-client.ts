/**
 * Just enough of Microsoft Graph for mail import, per https://learn.microsoft.com/graph/throttling:
 * at most 4 requests in flight per mailbox, 429/503/504 retried after Retry-After (seconds) or with
 * exponential backoff, one token refresh on 401, and the bearer token sent only to the Graph origin
 * (nextLink/deltaLink are followed whole, but never to another host).
 */
import { emailError } from '../../errors.js';
import { Semaphore } from './semaphore.js';
import type { TokenProvider } from './graph-token.js';

export const MAX_CONCURRENT_PER_MAILBOX = 4;
const MAX_ATTEMPTS = 6;
const RETRYABLE = new Set([429, 500, 502, 503, 504]);

export class GraphGoneError extends Error {
  override readonly name = 'GraphGoneError';
}

/** A body over the caller's byte limit: reading stopped there (`bytes` is the size, or what was read). */
export class GraphTooLargeError extends Error {
  override readonly name = 'GraphTooLargeError';
  constructor(readonly bytes: number) {
    super(`the answer is more than ${bytes} bytes`);
  }
}

export interface GraphClientOptions {
  /** `https://graph.microsoft.com/v1.0`, or a loopback fake. */
  baseUrl: string;
  mailbox: string;
  token: TokenProvider;
  /** Injected by tests to observe delays without waiting them out. */
  sleep?: (ms: number) => Promise<void>;
  signal?: AbortSignal;
}

export class GraphClient {
  readonly #limit = new Semaphore(MAX_CONCURRENT_PER_MAILBOX);
  readonly #origin: string;
  readonly #sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: GraphClientOptions) {
    this.#origin = new URL(options.baseUrl).origin;
    this.#sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** A path under the base URL (`/users/…`) or a full nextLink/deltaLink on the Graph origin. */
  url(pathOrLink: string): string {
    const url = pathOrLink.startsWith('/') ? `${this.options.baseUrl}${pathOrLink}` : pathOrLink;
    if (new URL(url).origin !== this.#origin)
      throw emailError('EEMAIL_GRAPH_REQUEST', {
        status: 0,
        path: new URL(url).origin,
        reason: 'a link points outside the Graph origin; the token is not sent there',
      });
    return url;
  }

  async json<T>(pathOrLink: string, headers: Record<string, string> = {}): Promise<T> {
    const response = await this.request(pathOrLink, { accept: 'application/json', ...headers });
    return (await response.json()) as T;
  }

  /** The body as bytes; over `maxBytes` it is not read on (a GraphTooLargeError instead). */
  async bytes(pathOrLink: string, maxBytes = Infinity): Promise<Uint8Array> {
    const response = await this.request(pathOrLink, {}, maxBytes);
    return new Uint8Array(await response.arrayBuffer());
  }

  /** A POST/PATCH/DELETE with a JSON body (subscriptions); the answer's JSON, or undefined when empty. */
  async send<T>(method: 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T | undefined> {
    const response = await this.request(
      path,
      { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      Infinity,
      { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) },
    );
    const text = await response.text();
    return text === '' ? undefined : (JSON.parse(text) as T);
  }

  /** One logical request, retried as Graph asks; the slot is held while the body is read by the caller. */
  private async request(
    pathOrLink: string,
    headers: Record<string, string>,
    maxBytes = Infinity,
    init: { method?: string; body?: string } = {},
  ): Promise<Response> {
    const url = this.url(pathOrLink);
    const path = new URL(url).pathname;
    let refreshed = false;
    for (let attempt = 1; ; attempt++) {
      const token = await this.options.token(refreshed ? { forceRefresh: true } : {});
      const response = await this.#limit.run(async () => {
        const answer = await fetch(url, {
          ...init,
          headers: { ...headers, authorization: `Bearer ${token}` },
          ...(this.options.signal ? { signal: this.options.signal } : {}),
        });
        // Read the body inside the slot: the 4-request limit counts requests until they complete.
        const body = answer.ok ? await readAtMost(answer, maxBytes) : await answer.arrayBuffer();
        const empty = answer.status === 204 || answer.status === 304;
        return new Response(empty ? null : body, { status: answer.status, headers: answer.headers });
      });
      if (response.ok) return response;
      if (response.status === 401 && !refreshed) {
        refreshed = true;
        continue;
      }
      if (RETRYABLE.has(response.status) && attempt < MAX_ATTEMPTS) {
        await this.#sleep(retryDelay(response, attempt));
        continue;
      }
      throw await this.failure(response, path);
    }
  }

  private async failure(response: Response, path: string): Promise<Error> {
    const reason = await errorReason(response);
    if (response.status === 410) return new GraphGoneError(reason);
    if (response.status === 401)
      return emailError('EEMAIL_GRAPH_FORBIDDEN', { mailbox: this.options.mailbox, reason: `401 ${reason}` });
    if (response.status === 403)
      return emailError('EEMAIL_GRAPH_FORBIDDEN', { mailbox: this.options.mailbox, reason });
    if (response.status === 404) return emailError('EEMAIL_GRAPH_NOT_FOUND', { what: `${path} (${reason})` });
    return emailError('EEMAIL_GRAPH_REQUEST', { status: response.status, path, reason });
  }
}

/** The body, unless it is over `maxBytes`: then the download stops (by Content-Length, or as it streams). */
async function readAtMost(answer: Response, maxBytes: number): Promise<ArrayBuffer> {
  if (maxBytes === Infinity || !answer.body) return answer.arrayBuffer();
  const reader = answer.body.getReader();
  const declared = Number(answer.headers.get('content-length') ?? NaN);
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    if (declared > maxBytes || total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new GraphTooLargeError(Math.max(total, declared || 0));
    }
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    total += value.byteLength;
  }
  const body = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    body.set(chunk, at);
    at += chunk.byteLength;
  }
  return body.buffer;
}

/** Retry-After in seconds (Graph's form) wins; otherwise 1 s, 2 s, 4 s … capped at 32 s. */
export function retryDelay(response: Response, attempt: number): number {
  const header = response.headers.get('retry-after');
  if (header !== null) {
    const seconds = Number(header);
    if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
    const date = Date.parse(header);
    if (!Number.isNaN(date)) return Math.max(0, date - Date.now());
  }
  return Math.min(32_000, 1000 * 2 ** (attempt - 1));
}

async function errorReason(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { error?: { code?: string; message?: string } };
    const code = body.error?.code ?? `HTTP ${response.status}`;
    return body.error?.message ? `${code}: ${body.error.message}` : code;
  } catch {
    return `HTTP ${response.status}`;
  }
}
