/**
 * Operations: /healthz (the process answers), /readyz (IT Glue accepted the key recently, the breaker
 * is closed, the state file takes writes), /metrics (Prometheus), and the run history behind its own
 * bearer token (/runs, /runs/:id): history rows name pipelines and counts, not secrets, but still
 * nothing a stranger on the network should read.
 */
import type { FastifyInstance } from 'fastify';
import type { Runtime } from '@glueflow/core';
import type { ServeMetrics } from './metrics.js';
import { bearerOf, tokenMatches } from './tokens.js';

export interface OpsParts {
  runtime: Runtime;
  metrics: ServeMetrics;
  runsToken: string | undefined;
  /** A 2xx from IT Glue within this long counts as "the key is accepted" (default 10 min). */
  readyWindowMs?: number;
  /** Problems plugins' receivers reported (a Graph subscription not renewed), by plugin. */
  pluginHealth?: ReadonlyMap<string, string>;
}

const PROBE_STATE = 'glueflow-serve';
const RUN_KINDS = ['run', 'plan', 'apply', 'watch'] as const;

export function opsRoutes(app: FastifyInstance, parts: OpsParts): void {
  const { runtime, metrics } = parts;
  const windowMs = parts.readyWindowMs ?? 600_000;
  let healthCheckedAt = Number.NEGATIVE_INFINITY;
  let healthKeyValid: boolean | null = null;

  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_request, reply) => {
    const reasons: string[] = [];
    const now = Date.now();
    const recent = metrics.lastSuccessAt !== undefined && now - metrics.lastSuccessAt < windowMs;
    if (!recent && now - healthCheckedAt > 30_000) {
      // Nothing went out lately: ask once (cached 30 s, so a scraping load balancer costs little).
      healthCheckedAt = now;
      healthKeyValid = (await runtime.client.health().catch(() => null))?.apiKeyValid ?? null;
    }
    if (!recent && healthKeyValid !== true) {
      reasons.push(
        healthKeyValid === false
          ? 'IT Glue refused the API key (401/403)'
          : 'no accepted IT Glue request recently and IT Glue could not be asked',
      );
    }
    if (runtime.client.circuitOpen()) reasons.push('the circuit breaker is open: IT Glue is failing');
    try {
      await runtime.state.forPlugin(PROBE_STATE).bookmarks.set('ready-probe', new Date(now).toISOString());
    } catch (error) {
      reasons.push(`the state store does not take writes: ${(error as Error).message}`);
    }
    for (const [plugin, problem] of parts.pluginHealth ?? []) reasons.push(`${plugin}: ${problem}`);
    if (reasons.length > 0) return reply.code(503).send({ ready: false, reasons });
    return { ready: true };
  });

  app.get('/metrics', async (_request, reply) => {
    const text = await metrics.text();
    return reply.type(metrics.registry.contentType).send(text);
  });

  // Without a configured token the routes do not exist (404), as with a wrong webhook token.
  app.register(async (runs) => {
    runs.addHook('onRequest', async (request, reply) => {
      if (!parts.runsToken) return reply.code(404).send({ error: 'not found' });
      if (!tokenMatches(bearerOf(request.headers.authorization), parts.runsToken)) {
        return reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'unauthorized' });
      }
      return undefined;
    });
    runs.get<{ Querystring: { pipeline?: string; kind?: (typeof RUN_KINDS)[number]; limit?: number } }>(
      '/runs',
      {
        schema: {
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: {
              pipeline: { type: 'string', maxLength: 200 },
              kind: { type: 'string', enum: [...RUN_KINDS] },
              limit: { type: 'integer', minimum: 1, maximum: 500 },
            },
          },
        },
      },
      async (request) => {
        const { pipeline, kind, limit } = request.query;
        const runs = await runtime.state.history.list({
          ...(pipeline ? { pipeline } : {}),
          ...(kind ? { kind } : {}),
          limit: limit ?? 50,
        });
        return { runs };
      },
    );
    runs.get<{ Params: { id: number } }>(
      '/runs/:id',
      {
        schema: {
          params: {
            type: 'object',
            properties: { id: { type: 'integer', minimum: 1 } },
            required: ['id'],
          },
        },
      },
      async (request, reply) => {
        const run = await runtime.state.history.get(request.params.id);
        if (!run) return reply.code(404).send({ error: 'no such run' });
        return run;
      },
    );
  });
}
