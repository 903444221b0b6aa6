import {
  CustomErrorBase,
  InputError,
  isError,
  NotAllowedError,
} from '@backstage/errors';
import { ErrorRequestHandler } from 'express';
import { formatByteSize } from './formatByteSize';

// The status codes are getters, not fields: Backstage's error handler reads
// `statusCode` for the response status and serializes an error's own fields
// into the body, where `response.statusCode` already says it.

/**
 * A request body over the size limit of the route that read it (HTTP 413).
 * @public
 */
export class PayloadTooLargeError extends CustomErrorBase {
  get statusCode(): number {
    return 413;
  }
}

/**
 * A request body in an encoding or charset the route does not read (HTTP 415).
 * @public
 */
export class UnsupportedMediaTypeError extends CustomErrorBase {
  get statusCode(): number {
    return 415;
  }
}

/** What body-parser (and raw-body under it) attaches to the errors it raises. */
type BodyParserError = Error & { type: string; limit?: unknown };

/**
 * Options of {@link toRequestBodyError} and {@link requestBodyErrorHandler}.
 * @public
 */
export type RequestBodyErrorOptions = {
  /**
   * Added to the 413 message after the limit on a route that knows what
   * fits, e.g. `send at most 10000 points per request`.
   */
  tooLargeHint?: string;
};

function isBodyParserError(error: unknown): error is BodyParserError {
  return (
    isError(error) && typeof (error as { type?: unknown }).type === 'string'
  );
}

/**
 * The error to answer instead of one body-parser raised: a plain message
 * that names what is wrong, and for a body over the limit the limit of the
 * route that refused it. Never the body: body-parser's own errors quote it
 * (JSON.parse's message) and carry it whole in their `body` field, which
 * Backstage's error handler serializes into the response.
 *
 * Returns undefined for any error body-parser did not raise.
 * @public
 */
export function toRequestBodyError(
  error: unknown,
  options: RequestBodyErrorOptions = {},
): Error | undefined {
  if (!isBodyParserError(error)) return undefined;
  switch (error.type) {
    case 'entity.parse.failed':
      return new InputError('the request body is not valid JSON');
    case 'entity.too.large': {
      const limit =
        typeof error.limit === 'number' && Number.isFinite(error.limit)
          ? `the limit of ${formatByteSize(error.limit)}`
          : "this route's size limit";
      const hint = options.tooLargeHint ? `; ${options.tooLargeHint}` : '';
      return new PayloadTooLargeError(
        `the request body is over ${limit}${hint}`,
      );
    }
    case 'parameters.too.many':
      return new PayloadTooLargeError(
        'the request body has too many form parameters',
      );
    case 'querystring.parse.rangeError':
      return new InputError('the request body is nested too deeply');
    case 'encoding.unsupported':
      return new UnsupportedMediaTypeError(
        "the request body's Content-Encoding is not supported",
      );
    case 'charset.unsupported':
      return new UnsupportedMediaTypeError(
        "the request body's charset is not supported; send UTF-8",
      );
    case 'request.aborted':
      return new InputError('the request was aborted before its body was read');
    case 'request.size.invalid':
      return new InputError(
        "the request body's size does not match its Content-Length header",
      );
    case 'entity.verify.failed':
      return new NotAllowedError('the request body was refused');
    case 'stream.encoding.set':
    case 'stream.not.readable':
      // A server bug (the body was consumed before the parser ran): a 500
      // that the error handler logs, with the type to find it by.
      return new Error(`the request body could not be read (${error.type})`);
    default:
      return undefined;
  }
}

/**
 * body-parser's messages, by the error type they stand for. Backstage's
 * OpenAPI routers (the catalog's, the scaffolder's) rewrite every error of
 * their body parser into `InputError(error.message)`, dropping its type, its
 * limit and its status; the message (JSON.parse's, which quotes the body) is
 * all that is left to know it by.
 */
const BODY_PARSER_MESSAGES: Array<[RegExp, string]> = [
  // V8's JSON.parse: "... in JSON at position 7 (line 1 column 8)",
  // "Unexpected token 'h', \"hunter2\" is not valid JSON", "Unexpected end
  // of JSON input".
  [
    /( in JSON at position \d+| is not valid JSON$|^Unexpected end of JSON input$)/,
    'entity.parse.failed',
  ],
  [/^request entity too large$/, 'entity.too.large'],
  [/^too many parameters$/, 'parameters.too.many'],
  [/^The input exceeded the depth$/, 'querystring.parse.rangeError'],
  [/^unsupported charset "/, 'charset.unsupported'],
  [
    /^(unsupported content encoding "|content encoding unsupported$|specified encoding unsupported$)/,
    'encoding.unsupported',
  ],
  [/^request aborted$/, 'request.aborted'],
  [/^request size did not match content length$/, 'request.size.invalid'],
];

/**
 * {@link toRequestBodyError} for an `InputError` that an OpenAPI router made
 * of a body-parser error: only when body-parser has read this request's body
 * (`req._body`) and the message is one of body-parser's. The limit is lost
 * by then, so a 413 from such a route cannot name it. A route that itself
 * throws an InputError with JSON.parse's message after a good body is
 * answered "not valid JSON" too: still an error about JSON, and still
 * without the text it quoted.
 */
function fromRewrittenBodyParserError(
  error: unknown,
  bodyRead: boolean,
): Error | undefined {
  if (!isError(error) || error.name !== 'InputError' || !bodyRead) {
    return undefined;
  }
  const match = BODY_PARSER_MESSAGES.find(([pattern]) =>
    pattern.test(error.message),
  );
  if (!match) return undefined;
  return toRequestBodyError(
    Object.assign(new Error(error.message), { type: match[1] }),
  );
}

/**
 * An Express error middleware that replaces body-parser's errors with
 * {@link toRequestBodyError}'s and passes every other error on unchanged.
 * Put it after a route's body parser to give its 413 a hint, or before the
 * final error handler to cover every route.
 * @public
 */
export function requestBodyErrorHandler(
  options: RequestBodyErrorOptions = {},
): ErrorRequestHandler {
  return (error, req, _res, next) => {
    next(
      toRequestBodyError(error, options) ??
        fromRewrittenBodyParserError(
          error,
          (req as { _body?: unknown })._body === true,
        ) ??
        error,
    );
  };
}
