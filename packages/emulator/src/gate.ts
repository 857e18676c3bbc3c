import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { EmulatorContext } from './context.js';
import type { FaultInjector } from './faults.js';
import { retryAfterHeader, type SlidingWindowLimiter } from './rate-limit.js';
import { GATEWAY_TIMEOUT_BODY, forbidden, serverError, tooManyRequests, unauthorized } from './errors.js';
import { JSONAPI } from './routes/body.js';

/** Settings the admin API may change while the emulator runs. */
export interface GateState {
  apiKeys: Set<string>;
  latencyMs: number;
  limiter: SlidingWindowLimiter;
  faults: FaultInjector;
}

/** Injected 429s ask for a short wait so clients that honour them do not stall a test run. */
const INJECTED_429_WAIT_MS = 1000;

export function isAdminRequest(request: FastifyRequest): boolean {
  return request.url === '/__emulator' || request.url.startsWith('/__emulator/');
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/**
 * What stands between a client and an emulated route, in IT Glue's order: latency, the API key
 * (401 missing, 403 wrong), the rate limit (429) and then the fault, if one is drawn.
 */
export function installGate(app: FastifyInstance, ctx: EmulatorContext, state: GateState): void {
  const commitThenFail = new WeakSet<FastifyRequest>();

  app.addHook('onRequest', async (request, reply) => {
    if (isAdminRequest(request)) return;
    ctx.stats.request(request.method);
    if (state.latencyMs > 0) await sleep(state.latencyMs);
    if (!request.routeOptions.config?.api) return;
    const key = request.headers['x-api-key'];
    if (typeof key !== 'string' || key === '') throw unauthorized();
    if (!state.apiKeys.has(key)) throw forbidden();

    const now = ctx.now();
    const limit = state.limiter.settings;
    const decision = state.limiter.take(key, now);
    if (limit.headers) {
      reply.headers({
        'x-ratelimit-limit': String(limit.requests),
        'x-ratelimit-remaining': String(Math.max(0, limit.requests - decision.inWindow)),
        'x-ratelimit-reset': String(Math.ceil(decision.resetMs / 1000)),
      });
    }
    if (!decision.allowed) {
      setRetryAfter(reply, retryAfterHeader(limit.retryAfter, decision.resetMs, now));
      throw tooManyRequests();
    }
    ctx.stats.inWindow(decision.inWindow);

    const fault = state.faults.draw(request.method, request.url.split('?')[0] ?? '');
    if (!fault) return;
    ctx.stats.fault(fault.kind);
    switch (fault.kind) {
      case '500':
      case '502':
      case '503':
        throw serverError(Number(fault.kind) as 500 | 502 | 503);
      case '504':
        return reply.code(504).type('application/json').send(GATEWAY_TIMEOUT_BODY);
      case 'reset':
        ctx.stats.response('reset');
        reply.hijack();
        request.raw.socket.destroy();
        return;
      case 'slow':
        await sleep(fault.delayMs);
        return;
      case '429':
        setRetryAfter(
          reply,
          retryAfterHeader(fault.retryAfter ?? limit.retryAfter, INJECTED_429_WAIT_MS, now),
        );
        throw tooManyRequests();
      case 'commit-then-fail':
        commitThenFail.add(request);
        return;
    }
  });

  // commit-then-fail: the write went through (and is persisted); the client is told it failed.
  app.addHook('onSend', async (request, reply, payload) => {
    if (!commitThenFail.has(request) || reply.statusCode >= 300) return payload;
    reply.code(502).type(JSONAPI);
    return JSON.stringify(serverError(502).body());
  });

  app.addHook('onResponse', async (request, reply) => {
    if (!isAdminRequest(request)) ctx.stats.response(reply.statusCode);
  });
}

function setRetryAfter(reply: FastifyReply, value: string | undefined): void {
  if (value !== undefined) reply.header('retry-after', value);
}
