import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Logger } from 'pino';
import { HttpProblem, RequestValidationError } from './validation';

export interface HttpServerOptions {
  logger: Logger;
  /** Largest accepted request body (default 1 MiB). */
  bodyLimit?: number;
}

/**
 * A Fastify instance with the chassis' error contract: every error answer is
 * JSON `{ error, message }` (400: `{ error, message, issues }`); 5xx answers
 * never carry internals, the log has them (with the request id, taken from
 * `x-request-id` or generated).
 */
export function createHttpServer(options: HttpServerOptions): FastifyInstance {
  const app = Fastify({
    loggerInstance: options.logger,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
  }) as unknown as FastifyInstance;

  app.setErrorHandler((error: FastifyError | Error, request, reply) => {
    if (error instanceof RequestValidationError) {
      return reply.code(400).send({
        error: 'Bad Request',
        message: error.message,
        issues: error.issues,
      });
    }
    if (error instanceof HttpProblem) {
      return reply.code(error.statusCode).send({
        error: STATUS_CODES[error.statusCode] ?? 'Error',
        message: error.message,
        ...error.details,
      });
    }
    const status =
      'statusCode' in error && typeof error.statusCode === 'number'
        ? error.statusCode
        : 500;
    if (status >= 400 && status < 500) {
      // Fastify's own refusals: malformed JSON, body too large, bad content type...
      request.log.info({ err: error }, 'request refused');
      const body: Record<string, unknown> = {
        error: STATUS_CODES[status] ?? 'Error',
        message: error.message,
      };
      if (status === 400) body.issues = [{ path: [], message: error.message }];
      return reply.code(status).send(body);
    }
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).send({
      error: 'Internal Server Error',
      message: `Something went wrong; quote request id ${request.id} when reporting it`,
    });
  });

  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({
      error: 'Not Found',
      message: `No route for ${request.method} ${request.url.split('?')[0]}`,
    }),
  );
  return app;
}
