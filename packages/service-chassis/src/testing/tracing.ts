import type { SpanKind } from '@opentelemetry/api';
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace';
import {
  activeTelemetry,
  startTelemetry,
  type Telemetry,
} from '../telemetry/sdk';

export type { ReadableSpan };

export interface InMemoryTracing {
  readonly exporter: InMemorySpanExporter;
  /** Finished spans, in the order they ended. */
  spans(): ReadableSpan[];
  /** Finished spans with this name (and kind, when given). */
  spansNamed(name: string | RegExp, kind?: SpanKind): ReadableSpan[];
  /** Forgets the finished spans. */
  reset(): void;
  /** Stops the SDK (instrumentations, globals). */
  shutdown(): Promise<void>;
}

let current: { tracing: InMemoryTracing; telemetry: Telemetry } | undefined;

/**
 * Starts the real SDK (same instrumentations as production) with an
 * in-memory exporter, for tests that assert spans. Call it in beforeAll;
 * calling it again while it runs returns the same instance (the tracer in
 * ./trace.ts binds to the first provider of the process). Spans end up in
 * the exporter synchronously when they end.
 */
export function setupInMemoryTracing(): InMemoryTracing {
  if (current && activeTelemetry() === current.telemetry)
    return current.tracing;
  if (activeTelemetry()) {
    throw new Error(
      'OpenTelemetry already runs in this process without the in-memory exporter',
    );
  }
  const exporter = new InMemorySpanExporter();
  const telemetry = startTelemetry({
    serviceName: 'test-service',
    serviceVersion: '0.0.0-test',
    tier: 'standard',
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
    otlp: false,
  });
  const tracing: InMemoryTracing = {
    exporter,
    spans: () => exporter.getFinishedSpans(),
    spansNamed: (name, kind) =>
      exporter
        .getFinishedSpans()
        .filter(
          span =>
            (typeof name === 'string'
              ? span.name === name
              : name.test(span.name)) &&
            (kind === undefined || span.kind === kind),
        ),
    reset: () => exporter.reset(),
    shutdown: async () => {
      current = undefined;
      await telemetry.shutdown();
    },
  };
  current = { tracing, telemetry };
  return tracing;
}
