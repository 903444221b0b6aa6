import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HttpClient, HttpError } from '../src/http/client';
import type { DependencyPolicy } from '../src/resilience/types';
import { SpanKind, withSpan } from '../src/telemetry/trace';
import {
  setupInMemoryTracing,
  type InMemoryTracing,
} from '../src/testing/tracing';

interface Captured {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
  signal: AbortSignal | undefined;
}

/** A fetch that records the request and answers `respond()`. */
function stubFetch(respond: () => Response) {
  const requests: Captured[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    requests.push({
      url: String(input),
      method: init?.method ?? 'GET',
      headers: Object.fromEntries(new Headers(init?.headers).entries()),
      body: init?.body as string | undefined,
      signal: init?.signal ?? undefined,
    });
    return respond();
  };
  return { fetch, requests };
}

/** A policy that records how it was asked to run each call. */
function recordingPolicy(
  name: string,
  calls: Array<{ name: string; idempotent: boolean }>,
): DependencyPolicy {
  return {
    name,
    execute: (fn, options) => {
      calls.push({ name, idempotent: options?.idempotent === true });
      return fn(new AbortController().signal);
    },
    breakerState: () => 'closed',
  };
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });

describe('HttpClient', () => {
  let tracing: InMemoryTracing;
  let calls: Array<{ name: string; idempotent: boolean }>;
  beforeAll(() => {
    tracing = setupInMemoryTracing();
  });
  afterAll(async () => {
    await tracing.shutdown();
  });
  beforeEach(() => {
    tracing.reset();
    calls = [];
  });

  const client = (
    fetch: typeof globalThis.fetch,
    baseUrl = 'http://deps.test/api/',
  ) =>
    new HttpClient({
      baseUrl,
      fetch,
      policyFor: name => recordingPolicy(name, calls),
    });

  it('sends JSON with the Idempotency-Key and returns the parsed answer', async () => {
    const { fetch, requests } = stubFetch(() => json(201, { id: 'p-1' }));
    const answer = await client(fetch).request('payment-http', {
      method: 'POST',
      path: '/payments',
      body: { amountCents: 100 },
      idempotencyKey: 'saga-1:charge-payment',
    });
    expect(answer).toEqual({ id: 'p-1' });
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({
      url: 'http://deps.test/api/payments',
      method: 'POST',
      body: '{"amountCents":100}',
    });
    expect(requests[0]!.headers).toMatchObject({
      'content-type': 'application/json',
      'idempotency-key': 'saga-1:charge-payment',
    });
  });

  it('goes through the dependency policy; idempotent = GET/PUT/DELETE or an Idempotency-Key', async () => {
    const { fetch } = stubFetch(() => new Response(null, { status: 204 }));
    const http = client(fetch);
    await http.request('inventory-http', { method: 'POST', path: '/a' });
    await http.request('inventory-http', {
      method: 'POST',
      path: '/a',
      idempotencyKey: 'k',
    });
    await http.request('payment-http', { method: 'GET', path: '/a' });
    await http.request('payment-http', { method: 'PUT', path: '/a', body: {} });
    await http.request('shipping-http', { method: 'DELETE', path: '/a' });
    await http.request('shipping-http', {
      method: 'PATCH',
      path: '/a',
      body: {},
    });
    expect(calls).toEqual([
      { name: 'inventory-http', idempotent: false },
      { name: 'inventory-http', idempotent: true },
      { name: 'payment-http', idempotent: true },
      { name: 'payment-http', idempotent: true },
      { name: 'shipping-http', idempotent: true },
      { name: 'shipping-http', idempotent: false },
    ]);
  });

  it('injects traceparent of a CLIENT span that is a child of the active span', async () => {
    const { fetch, requests } = stubFetch(() => json(200, { ok: true }));
    const parentTraceId = await withSpan('caller', {}, async span => {
      await client(fetch).request('inventory-http', {
        method: 'GET',
        path: '/inventory/stock/WIDGET',
      });
      return span.spanContext().traceId;
    });
    const [clientSpan] = tracing.spansNamed('GET', SpanKind.CLIENT);
    expect(clientSpan).toBeDefined();
    const { traceId, spanId } = clientSpan!.spanContext();
    expect(traceId).toBe(parentTraceId);
    expect(requests[0]!.headers.traceparent).toBe(`00-${traceId}-${spanId}-01`);
    expect(clientSpan!.attributes).toMatchObject({
      'http.request.method': 'GET',
      'url.full': 'http://deps.test/api/inventory/stock/WIDGET',
      'http.response.status_code': 200,
      'peer.service': 'inventory-http',
    });
  });

  it('turns a 4xx into a non-retryable HttpError with status and body', async () => {
    const { fetch } = stubFetch(() =>
      json(409, { error: 'Conflict', message: 'insufficient stock for X' }),
    );
    const error = await client(fetch)
      .request<never>('inventory-http', {
        method: 'POST',
        path: '/inventory/reservations',
        idempotencyKey: 'k',
      })
      .catch((e: unknown) => e as HttpError);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({
      status: 409,
      body: { error: 'Conflict', message: 'insufficient stock for X' },
      retryable: false,
      dependency: 'inventory-http',
    });
    expect(error.message).toBe(
      'inventory-http: POST http://deps.test/api/inventory/reservations answered 409: insufficient stock for X',
    );
    const [span] = tracing.spansNamed('POST', SpanKind.CLIENT);
    expect(span!.status.code).toBe(2);
  });

  it('a 5xx, 408 or 429 is retryable; a text body is kept as text', async () => {
    for (const status of [500, 503, 408, 429]) {
      const { fetch } = stubFetch(
        () => new Response('upstream down', { status }),
      );
      const error = await client(fetch)
        .request('x', { method: 'GET', path: '/' })
        .catch(e => e);
      expect(error).toMatchObject({
        status,
        retryable: true,
        body: 'upstream down',
      });
    }
  });

  it("passes the caller's abort to fetch", async () => {
    const { fetch, requests } = stubFetch(() => json(200, {}));
    const caller = new AbortController();
    await client(fetch).request('x', {
      method: 'GET',
      path: '/',
      signal: caller.signal,
    });
    expect(requests[0]!.signal!.aborted).toBe(false);
    caller.abort(new Error('step timed out'));
    expect(requests[0]!.signal!.aborted).toBe(true);
  });

  it('resolves the base URL on every call (the service learns its own address late)', async () => {
    const { fetch, requests } = stubFetch(
      () => new Response(null, { status: 204 }),
    );
    let base = 'http://first.test';
    const http = new HttpClient({
      baseUrl: () => base,
      fetch,
      policyFor: name => recordingPolicy(name, calls),
    });
    await http.request('x', { method: 'GET', path: 'a?b=1' });
    base = 'http://second.test:8080/';
    expect(
      await http.request('x', { method: 'GET', path: '/c' }),
    ).toBeUndefined();
    expect(requests.map(r => r.url)).toEqual([
      'http://first.test/a?b=1',
      'http://second.test:8080/c',
    ]);
  });
});
