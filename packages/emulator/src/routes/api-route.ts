import type { FastifyInstance, FastifyRequest, HTTPMethods } from 'fastify';
import type { EmulatorContext } from '../context.js';
import { isWrite } from '../faults.js';
import { JSONAPI } from './body.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** An emulated IT Glue route: authenticated, rate limited, faulted, counted. */
    api?: boolean;
  }
}

export interface ApiResult {
  status: number;
  body?: unknown;
  /** Raw (non JSON:API) answers, e.g. attachment downloads. */
  raw?: { contentType: string; payload: Buffer; headers?: Record<string, string> };
}

export type ApiHandler = (request: FastifyRequest) => ApiResult | Promise<ApiResult>;

/** Registers an IT Glue route; a successful write is counted and persisted before it is answered. */
export function apiRoute(
  app: FastifyInstance,
  ctx: EmulatorContext,
  method: HTTPMethods,
  url: string,
  handler: ApiHandler,
): void {
  app.route({
    method,
    url,
    config: { api: true },
    handler: async (request, reply) => {
      const result = await handler(request);
      if (isWrite(method) && result.status < 300) {
        ctx.stats.writeApplied();
        await ctx.flush();
      }
      reply.code(result.status);
      if (result.raw)
        return reply
          .headers(result.raw.headers ?? {})
          .type(result.raw.contentType)
          .send(result.raw.payload);
      if (result.body === undefined) return reply.send();
      return reply.type(JSONAPI).send(JSON.stringify(result.body));
    },
  });
}
