import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  CompositePropagator,
  W3CBaggagePropagator,
  W3CTraceContextPropagator,
} from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import {
  defaultResource,
  detectResources,
  envDetector,
  resourceFromAttributes,
} from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BatchSpanProcessor,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  TracerProvider,
  type Sampler,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace';
import {
  ATTR_SERVICE_NAME,
  ATTR_SERVICE_VERSION,
} from '@opentelemetry/semantic-conventions';
import { createRequire } from 'node:module';
import path from 'node:path';

export interface TelemetryOptions {
  serviceName: string;
  serviceVersion: string;
  tier: string;
  /** Span processors added to the exporter's (tests: an in-memory one). */
  spanProcessors?: SpanProcessor[];
  /**
   * Export over OTLP/HTTP. Default: when OTEL_EXPORTER_OTLP_ENDPOINT or
   * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is set (the exporter reads them, and
   * OTEL_EXPORTER_OTLP_HEADERS, itself).
   */
  otlp?: boolean;
  env?: NodeJS.ProcessEnv;
}

export interface Telemetry {
  readonly provider: TracerProvider;
  /** Whether spans leave the process over OTLP. */
  readonly exporting: boolean;
  forceFlush(): Promise<void>;
  /** Flushes, ends the provider, removes the instrumentations and the globals. */
  shutdown(): Promise<void>;
}

/** Paths never traced: probes and scrapes would drown the real traffic. */
export const UNTRACED_PATHS = ['/health/live', '/health/ready', '/metrics'];

// One SDK per process, whichever module instance (ESM or CJS, src or dist)
// started it: the handle lives on a global symbol.
const GLOBAL_KEY = Symbol.for('golden-path.telemetry');
type GlobalWithTelemetry = typeof globalThis & { [GLOBAL_KEY]?: Telemetry };
const globalRef = globalThis as GlobalWithTelemetry;

/** The running SDK, if any. */
export function activeTelemetry(): Telemetry | undefined {
  return globalRef[GLOBAL_KEY];
}

/**
 * Starts the OpenTelemetry SDK: tracer provider with the service's resource
 * attributes, AsyncLocalStorage context manager, W3C trace-context and
 * baggage propagators, HTTP (in and out) and pg instrumentations, and an
 * OTLP/HTTP exporter when an endpoint is configured. Without one, spans are
 * still created (trace ids in logs and in message headers) but go nowhere,
 * silently. Throws when the SDK is already running.
 */
export function startTelemetry(options: TelemetryOptions): Telemetry {
  if (activeTelemetry()) {
    throw new Error('OpenTelemetry is already started in this process');
  }
  const env = options.env ?? process.env;
  const otlp =
    options.otlp ??
    Boolean(
      env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT,
    );

  const resource = defaultResource()
    .merge(detectResources({ detectors: [envDetector] }))
    .merge(
      resourceFromAttributes({
        [ATTR_SERVICE_NAME]: options.serviceName,
        [ATTR_SERVICE_VERSION]: options.serviceVersion,
        'service.tier': options.tier,
      }),
    );
  const spanProcessors: SpanProcessor[] = [...(options.spanProcessors ?? [])];
  if (otlp) {
    spanProcessors.push(
      new BatchSpanProcessor({ exporter: new OTLPTraceExporter() }),
    );
  }
  const provider = new TracerProvider({
    resource,
    spanProcessors,
    sampler: samplerFromEnv(env),
  });

  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  propagation.setGlobalPropagator(
    new CompositePropagator({
      propagators: [
        new W3CTraceContextPropagator(),
        new W3CBaggagePropagator(),
      ],
    }),
  );
  trace.setGlobalTracerProvider(provider);

  const unregister = registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: request =>
          UNTRACED_PATHS.includes((request.url ?? '').split('?')[0] ?? ''),
        // Background work without a span (pollers...) makes no root spans.
        requireParentforOutgoingSpans: true,
      }),
      new PgInstrumentation({
        // The outbox relay polls: one root trace per poll would be noise.
        requireParentSpan: true,
        ignoreConnectSpans: true,
      }),
    ],
  });
  // Core modules are patched when they are required after the hook is set:
  // require them now, so that a server module loaded earlier (tests, tsx)
  // is instrumented too (the incoming patch is on http.Server.prototype).
  const nodeRequire = createRequire(path.join(process.cwd(), 'noop.js'));
  nodeRequire('node:http');
  nodeRequire('node:https');

  let stopped: Promise<void> | undefined;
  const telemetry: Telemetry = {
    provider,
    exporting: otlp,
    forceFlush: () => provider.forceFlush(),
    shutdown() {
      stopped ??= (async () => {
        try {
          await provider.shutdown();
        } finally {
          unregister();
          trace.disable();
          propagation.disable();
          context.disable();
          if (globalRef[GLOBAL_KEY] === telemetry) delete globalRef[GLOBAL_KEY];
        }
      })();
      return stopped;
    },
  };
  globalRef[GLOBAL_KEY] = telemetry;
  return telemetry;
}

const SAMPLERS = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
] as const;

/**
 * The sampler named by OTEL_TRACES_SAMPLER / OTEL_TRACES_SAMPLER_ARG (the
 * standard variables; default parentbased_always_on). An unsampled request
 * costs next to nothing: set e.g. parentbased_traceidratio with 0.1 when the
 * tracing overhead matters more than seeing every trace. A bad value throws
 * an error naming the variable.
 */
export function samplerFromEnv(env: NodeJS.ProcessEnv = process.env): Sampler {
  const name = (env.OTEL_TRACES_SAMPLER || 'parentbased_always_on')
    .trim()
    .toLowerCase();
  if (!(SAMPLERS as readonly string[]).includes(name)) {
    throw new Error(
      `OTEL_TRACES_SAMPLER: '${
        env.OTEL_TRACES_SAMPLER
      }' is not one of ${SAMPLERS.join(', ')}`,
    );
  }
  const ratio = () => {
    const raw = env.OTEL_TRACES_SAMPLER_ARG;
    if (raw === undefined || raw.trim() === '') return 1;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < 0 || value > 1) {
      throw new Error(
        `OTEL_TRACES_SAMPLER_ARG: must be a ratio between 0 and 1 (got '${raw}')`,
      );
    }
    return value;
  };
  switch (name) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return new TraceIdRatioBasedSampler(ratio());
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({
        root: new TraceIdRatioBasedSampler(ratio()),
      });
    default:
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
  }
}

/**
 * Flushes and stops the SDK if it runs (no-op otherwise). server.ts calls
 * it last in its graceful shutdown, before process.exit().
 */
export async function shutdownTelemetry(): Promise<void> {
  await activeTelemetry()?.shutdown();
}
