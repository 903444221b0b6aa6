import {
  context,
  propagation,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Span,
} from '@opentelemetry/api';

/**
 * The tracer of the chassis' spans (its own instrumentation scope); the SDK
 * is set up by installTelemetry() (./instrumentation), preloaded.
 */
export const tracer = trace.getTracer('@golden-path/service-chassis');

/**
 * Runs `fn` in a new active span; records an exception and an error status
 * when it throws, and always ends the span.
 */
export async function withSpan<T>(
  name: string,
  options: { kind?: SpanKind; attributes?: Attributes; parent?: Context },
  fn: (span: Span) => Promise<T>,
): Promise<T> {
  const parent = options.parent ?? context.active();
  return tracer.startActiveSpan(
    name,
    { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes },
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

/** The active trace id, for logs ('' when there is none). */
export function currentTraceId(): string {
  return trace.getActiveSpan()?.spanContext().traceId ?? '';
}

export { SpanKind };
