import type { z } from 'zod';

/** One problem with a request: where (path into the body/params) and what. */
export interface RequestIssue {
  path: Array<string | number>;
  message: string;
}

/** A request that does not match its schema: answered 400 with every issue. */
export class RequestValidationError extends Error {
  readonly statusCode = 400;

  constructor(
    readonly part: 'body' | 'params' | 'query' | 'headers',
    readonly issues: RequestIssue[],
  ) {
    super(
      `Invalid request ${part}: ${issues
        .map(i => `${i.path.join('.') || '(root)'}: ${i.message}`)
        .join('; ')}`,
    );
    this.name = 'RequestValidationError';
  }
}

/** The parsed value, or RequestValidationError listing every zod issue. */
export function parseRequest<S extends z.ZodType>(
  schema: S,
  value: unknown,
  part: RequestValidationError['part'] = 'body',
): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new RequestValidationError(
      part,
      result.error.issues.map(issue => ({
        path: issue.path.map(p => (typeof p === 'symbol' ? String(p) : p)),
        message: issue.message,
      })),
    );
  }
  return result.data;
}

/** A domain answer other than 2xx that is part of the API (404, 409, 402...). */
export class HttpProblem extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'HttpProblem';
  }
}
