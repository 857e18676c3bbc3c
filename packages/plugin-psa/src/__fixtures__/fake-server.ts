/**
 * A tiny HTTP server on 127.0.0.1 for the fake PSAs: records every request (method, path, query,
 * headers, body), tracks requests in flight, and answers queued faults (429 + Retry-After, 5xx)
 * before the fake's own handler — the fakes themselves follow the documented contracts.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeRequest {
  method: string;
  url: URL;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  at: number;
}

export interface FakeAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface Fault {
  status: number;
  /** Retry-After header value (seconds or an HTTP date). */
  retryAfter?: string;
  /** Only requests whose path starts with this. */
  path?: string;
  count?: number;
  body?: unknown;
}

export type Handler = (request: FakeRequest) => FakeAnswer | Promise<FakeAnswer>;

export interface FakeServer {
  url: string;
  requests: FakeRequest[];
  /** Most requests that were in flight at once. */
  maxInFlight: number;
  fault(fault: Fault): void;
  /** Delay every answer (to observe concurrency). */
  latencyMs: number;
  close(): Promise<void>;
}

export async function startFakeServer(handler: Handler): Promise<FakeServer> {
  const faults: Array<Required<Pick<Fault, 'count'>> & Fault> = [];
  let inFlight = 0;
  const state: FakeServer = {
    url: '',
    requests: [],
    maxInFlight: 0,
    latencyMs: 0,
    fault: (fault) => faults.push({ count: 1, ...fault }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server = createServer((req, res) => {
    inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, inFlight);
    void handle(req, res).finally(() => inFlight--);
  });
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', state.url);
    const request: FakeRequest = {
      method: req.method ?? 'GET',
      url,
      path: url.pathname,
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
      at: Date.now(),
    };
    state.requests.push(request);
    if (state.latencyMs > 0) await new Promise((r) => setTimeout(r, state.latencyMs));
    const faultIndex = faults.findIndex((f) => !f.path || request.path.startsWith(f.path));
    let answer: FakeAnswer;
    if (faultIndex >= 0) {
      const fault = faults[faultIndex]!;
      if (--fault.count <= 0) faults.splice(faultIndex, 1);
      answer = {
        status: fault.status,
        headers: fault.retryAfter === undefined ? {} : { 'Retry-After': fault.retryAfter },
        body: fault.body ?? { message: `fault ${fault.status}` },
      };
    } else {
      try {
        answer = await handler(request);
      } catch (error) {
        answer = { status: 500, body: { message: (error as Error).message } };
      }
    }
    const body = answer.body === undefined ? '' : JSON.stringify(answer.body);
    res.writeHead(answer.status, {
      ...(body ? { 'Content-Type': 'application/json' } : {}),
      ...answer.headers,
    });
    res.end(body);
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}

export function json(request: FakeRequest): unknown {
  return request.body ? JSON.parse(request.body) : undefined;
}

export const unauthorized = (body: unknown = { message: 'unauthorized' }): FakeAnswer => ({
  status: 401,
  body,
});
