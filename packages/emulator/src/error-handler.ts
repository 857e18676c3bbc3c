import type { FastifyError, FastifyInstance } from 'fastify';
import type { EmulatorContext } from './context.js';
import {
  ApiError,
  GATEWAY_TOO_LARGE_BODY,
  HTML_NOT_FOUND,
  badRequest,
  unsupportedMediaType,
} from './errors.js';
import { EmulatorUsageError } from './usage-error.js';
import { JSONAPI } from './routes/body.js';

/** Maps every failure to the body IT Glue (or the API Gateway in front of it) would send. */
export function installErrorHandling(app: FastifyInstance, ctx: EmulatorContext): void {
  app.setNotFoundHandler((_request, reply) => {
    void reply.code(404).type('text/html; charset=utf-8').send(HTML_NOT_FOUND);
  });

  app.setErrorHandler((error: FastifyError | ApiError | EmulatorUsageError, request, reply) => {
    if (error instanceof ApiError) {
      return reply.code(error.httpStatus).type(JSONAPI).send(JSON.stringify(error.body()));
    }
    if (error instanceof EmulatorUsageError) {
      return reply
        .code(400)
        .type('application/json')
        .send({ error: { code: error.code, message: error.message, hint: error.hint ?? null } });
    }
    switch (error.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        // The real limit is enforced by Amazon API Gateway, which answers in its own shape.
        return reply.code(413).type('application/json').send(GATEWAY_TOO_LARGE_BODY);
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
        return reply
          .code(415)
          .type(JSONAPI)
          .send(JSON.stringify(unsupportedMediaType(request.headers['content-type']).body()));
    }
    if (error.statusCode === 400 || error instanceof SyntaxError) {
      return reply
        .code(400)
        .type(JSONAPI)
        .send(JSON.stringify(badRequest(`The request body is not valid JSON: ${error.message}`).body()));
    }
    if (error.statusCode === 404)
      return reply.code(404).type('text/html; charset=utf-8').send(HTML_NOT_FOUND);
    ctx.log(
      `emulator: unexpected error on ${request.method} ${request.url}: ${error.stack ?? error.message}`,
    );
    return reply
      .code(500)
      .type(JSONAPI)
      .send(
        JSON.stringify(
          new ApiError(500, [{ status: 500, title: 'Internal Server Error', detail: error.message }]).body(),
        ),
      );
  });
}
