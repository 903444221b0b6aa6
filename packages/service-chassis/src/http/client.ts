import type { DependencyPolicy } from '../resilience/types';
import { SpanKind, traceHeaders, withSpan } from '../telemetry/trace';

/** A non-2xx answer: the status and the (JSON-parsed when possible) body. */
export class HttpError extends Error {
  /** False for 4xx other than 408/429: repeating the same request will not help. */
  readonly retryable: boolean;

  constructor(
    readonly dependency: string,
    readonly method: string,
    readonly url: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(
      `${dependency}: ${method} ${url} answered ${status}${describeBody(body)}`,
    );
    this.name = 'HttpError';
    this.retryable = status >= 500 || status === 408 || status === 429;
  }
}

function describeBody(body: unknown): string {
  if (body === undefined || body === null || body === '') return '';
  if (typeof body === 'object' && 'message' in body) {
    return `: ${String((body as { message: unknown }).message)}`;
  }
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return `: ${text.length > 300 ? `${text.slice(0, 300)}...` : text}`;
}

export interface HttpRequest {
  method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Appended to the base URL, e.g. '/payments' (may carry a query string). */
  path: string;
  /** Sent as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Sent as Idempotency-Key; makes the call idempotent (the policy may retry it). */
  idempotencyKey?: string;
  /** The caller's signal (e.g. a saga step's timeout), combined with the policy's. */
  signal?: AbortSignal;
}

export interface HttpClientOptions {
  /** The dependencies' base URL; a function when it is known only later (the service's own address). */
  baseUrl: string | (() => string);
  /** The policy for each dependency name (timeout, retry, breaker, bulkhead). */
  policyFor(dependency: string): DependencyPolicy;
  /** Defaults to the global fetch; tests inject faults here. */
  fetch?: typeof fetch;
}

const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'PUT', 'DELETE']);

/**
 * Outbound HTTP: JSON in and out, W3C trace context injected, a CLIENT span
 * per call, and every call through its dependency's policy. GET, HEAD, PUT,
 * DELETE and any request with an Idempotency-Key are idempotent (the policy
 * may retry them); the others are tried once.
 */
export class HttpClient {
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: HttpClientOptions) {
    this.fetchImpl = options.fetch ?? globalThis.fetch;
  }

  /** The parsed JSON body of a 2xx answer (undefined when empty); HttpError otherwise. */
  async request<T = unknown>(
    dependency: string,
    request: HttpRequest,
  ): Promise<T> {
    const base =
      typeof this.options.baseUrl === 'function'
        ? this.options.baseUrl()
        : this.options.baseUrl;
    const url = new URL(
      `${base.replace(/\/+$/, '')}/${request.path.replace(/^\/+/, '')}`,
    );
    const idempotent =
      IDEMPOTENT_METHODS.has(request.method) ||
      request.idempotencyKey !== undefined;
    const policy = this.options.policyFor(dependency);
    return policy.execute(
      signal =>
        withSpan(
          request.method,
          {
            kind: SpanKind.CLIENT,
            attributes: {
              'http.request.method': request.method,
              'url.full': url.toString(),
              'server.address': url.hostname,
              'server.port': Number(
                url.port || (url.protocol === 'https:' ? 443 : 80),
              ),
              'peer.service': dependency,
            },
          },
          async span => {
            const headers: Record<string, string> = {
              accept: 'application/json',
              ...request.headers,
              // Taken inside the CLIENT span: the server's span becomes its child.
              ...traceHeaders(),
            };
            if (request.idempotencyKey !== undefined) {
              headers['idempotency-key'] = request.idempotencyKey;
            }
            if (request.body !== undefined) {
              headers['content-type'] = 'application/json';
            }
            const response = await this.fetchImpl(url, {
              method: request.method,
              headers,
              body:
                request.body === undefined
                  ? undefined
                  : JSON.stringify(request.body),
              signal: request.signal
                ? AbortSignal.any([signal, request.signal])
                : signal,
            });
            span.setAttribute('http.response.status_code', response.status);
            const text = await response.text();
            let body: unknown = text;
            if (
              text !== '' &&
              response.headers.get('content-type')?.includes('json')
            ) {
              try {
                body = JSON.parse(text);
              } catch {
                body = text;
              }
            }
            if (!response.ok) {
              throw new HttpError(
                dependency,
                request.method,
                url.toString(),
                response.status,
                body,
              );
            }
            return (text === '' ? undefined : body) as T;
          },
        ),
      { idempotent },
    );
  }
}
