import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { ErrorRequestHandler } from 'express';
import { ErrorResponseOptions } from './readErrorResponseOptions';
import { requestBodyErrorHandler } from './requestBodyErrorHandler';

/**
 * Backstage's error handler (`MiddlewareFactory.error`) with two changes:
 * stack traces only as `options` say, and body-parser's errors answered
 * with a plain message that never quotes the body (see
 * {@link toRequestBodyError}). Everything else (status codes, the
 * `ErrorResponseBody` shape, logging of 5xx, the internal-error filter) is
 * Backstage's own.
 * @public
 */
export function createSafeErrorHandler(
  middleware: MiddlewareFactory,
  options: ErrorResponseOptions,
): ErrorRequestHandler {
  const translate = requestBodyErrorHandler();
  const respond = middleware.error({
    showStackTraces: options.showStackTraces,
  });
  return (error, req, res, next) =>
    translate(error, req, res, translated =>
      respond(translated, req, res, next),
    );
}
