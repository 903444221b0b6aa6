import {
  context,
  isSpanContextValid,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Link,
  type Span,
  type SpanContext,
} from '@opentelemetry/api';

/**
 * The tracer of the chassis' spans (its own instrumentation scope); the SDK
 * is set up by installTelemetry() (./instrumentation), preloaded.
 */
export const tracer = trace.getTracer('@golden-path/service-chassis');

export interface SpanOptions {
  /** Default: INTERNAL. */
  kind?: SpanKind;
  attributes?: Attributes;
  /** The parent's context (default: the active context); ROOT_CONTEXT for a new trace. */
  parent?: Context;
  /**
   * Spans this one is causally related to without being their child, e.g.
   * the creation context of a message (spanContextFromHeaders).
   */
  links?: Link[];
}

/**
 * Runs `fn` in a new active span; records an exception and an error status
 * when it throws, and always ends the span.
 */
export async function withSpan<T>(
  name: string,
  options: SpanOptions,
  fn: (span: Span) => Promise<T>,
): Promise<T> {
  const parent = options.parent ?? context.active();
  return tracer.startActiveSpan(
    name,
    {
      kind: options.kind ?? SpanKind.INTERNAL,
      attributes: options.attributes,
      links: options.links,
    },
    parent,
    async span => {
      try {
        return await fn(span);
      } catch (error) {
        span.recordException(error as Error);
        span.setStatus({
          code: SpanStatusCode.ERROR,
          message: (error as Error).message,
        });
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

/** W3C trace context (`traceparent`, `tracestate`) of the active span, as headers. */
export function traceHeaders(
  ctx: Context = context.active(),
): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(ctx, carrier);
  return carrier;
}

/** The context carried by `traceparent`/`tracestate` headers (a message's or a request's). */
export function contextFromHeaders(headers: Record<string, unknown>): Context {
  const carrier: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) {
    if (typeof value === 'string') carrier[key.toLowerCase()] = value;
  }
  return propagation.extract(context.active(), carrier);
}

/**
 * The span context carried by `traceparent`/`tracestate` headers, for a span
 * link (e.g. to a message's creation context); undefined when the headers
 * carry none or an invalid one. The active span plays no part.
 */
export function spanContextFromHeaders(
  headers: Record<string, unknown>,
): SpanContext | undefined {
  const carrier: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) {
    if (typeof value === 'string') carrier[key.toLowerCase()] = value;
  }
  const spanContext = trace.getSpanContext(
    propagation.extract(ROOT_CONTEXT, carrier),
  );
  return spanContext && isSpanContextValid(spanContext)
    ? spanContext
    : undefined;
}

/** The link to the span context of these headers: [] or one link. */
export function linksFromHeaders(headers: Record<string, unknown>): Link[] {
  const spanContext = spanContextFromHeaders(headers);
  return spanContext ? [{ context: spanContext }] : [];
}

/** The active trace id, for logs ('' when there is none). */
export function currentTraceId(): string {
  return trace.getActiveSpan()?.spanContext().traceId ?? '';
}

export { ROOT_CONTEXT, SpanKind };
export type { Link, SpanContext };
