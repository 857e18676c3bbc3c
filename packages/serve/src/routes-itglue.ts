/**
 * POST /hooks/itglue/<token>: IT Glue Workflow webhooks. The token is checked before the body is even
 * read (a wrong one is a 404, counted, logged at most once a minute, never echoed). The body is only a
 * hint — which record — and is answered 202 at once; the record is re-read from the API later, by the
 * queue's worker, through the watch's change logic. So a forged body can cause a read, nothing more.
 */
import type { FastifyInstance } from 'fastify';
import { WATCHABLE_TYPES } from '@glueflow/core';
import type { Logger } from '@glueflow/core';
import type { HintQueue } from './hint-queue.js';
import type { ItGlueHint } from './itglue-hint.js';
import { readItGlueHint } from './itglue-hint.js';
import type { ServeMetrics } from './metrics.js';
import { ThrottledLog } from './throttled-log.js';
import { tokenMatches } from './tokens.js';

export interface ItGlueRouteParts {
  token: string | undefined;
  queue: HintQueue<ItGlueHint>;
  metrics: ServeMetrics;
  logger: Logger;
  bodyLimitBytes: number;
  /** Seconds a sender is told to wait when the queue is full. */
  retryAfterSeconds?: number;
}

const SOURCE = 'itglue';

export function itglueRoutes(app: FastifyInstance, parts: ItGlueRouteParts): void {
  const { metrics, logger, queue } = parts;
  const wrongToken = new ThrottledLog((count) =>
    logger.warn(`webhook with a wrong token refused (${count} since the last such line)`, {
      source: SOURCE,
      refused: count,
    }),
  );
  const watchable = new Set<string>(WATCHABLE_TYPES);

  app.post<{ Params: { token: string } }>(
    '/hooks/itglue/:token',
    {
      bodyLimit: parts.bodyLimitBytes,
      onRequest: async (request, reply) => {
        if (!tokenMatches(request.params.token, parts.token)) {
          metrics.webhooks.inc({ source: SOURCE, outcome: 'rejected' });
          wrongToken.hit();
          return reply.code(404).send({ error: 'not found' });
        }
        return undefined;
      },
    },
    async (request, reply) => {
      const reading = readItGlueHint(request.body);
      const ignore = (warning: string) => {
        metrics.webhooks.inc({ source: SOURCE, outcome: 'ignored' });
        logger.warn(`IT Glue webhook ignored: ${warning}`, { source: SOURCE });
        return reply.code(202).send({ accepted: false, warning });
      };
      if ('warning' in reading) return ignore(reading.warning);
      const { hint } = reading;
      if (!watchable.has(hint.type)) {
        return ignore(`${hint.type} are not watched (watchable: ${[...watchable].join(', ')})`);
      }
      const offered = queue.offer(`${hint.type}:${hint.id}`, hint);
      if (offered === 'full' || offered === 'closed') {
        metrics.webhooks.inc({ source: SOURCE, outcome: 'overflow' });
        logger.warn(
          `IT Glue webhook refused: ${offered === 'full' ? 'the queue is full' : 'shutting down'}`,
          {
            source: SOURCE,
          },
        );
        return reply
          .code(503)
          .header('retry-after', String(parts.retryAfterSeconds ?? 5))
          .send({ accepted: false, error: offered === 'full' ? 'queue full' : 'shutting down' });
      }
      metrics.webhooks.inc({ source: SOURCE, outcome: offered });
      return reply.code(202).send({ accepted: true, type: hint.type, id: hint.id });
    },
  );
}
