/**
 * Loaded before the application, so that the HTTP and pg modules are
 * instrumented when the app requires them:
 *
 *   node --import ./dist/telemetry/instrumentation.js dist/server.js
 *   tsx --import ./src/telemetry/instrumentation.ts src/server.ts
 *
 * Environment:
 * - SERVICE_NAME, SERVICE_TIER: resource attributes service.name and
 *   service.tier (defaults: the values the service was created with);
 * - SERVICE_VERSION: service.version (default: package.json's version);
 * - OTEL_EXPORTER_OTLP_ENDPOINT (or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT),
 *   OTEL_EXPORTER_OTLP_HEADERS: export spans over OTLP/HTTP; without an
 *   endpoint nothing is exported and nothing is printed;
 * - OTEL_RESOURCE_ATTRIBUTES: more resource attributes;
 * - OTEL_TRACES_SAMPLER, OTEL_TRACES_SAMPLER_ARG: sampling (default
 *   parentbased_always_on; e.g. parentbased_traceidratio + 0.1);
 * - OTEL_SDK_DISABLED=true: no SDK at all.
 *
 * Shutdown: spans are flushed when the event loop empties (beforeExit) and on
 * SIGTERM/SIGINT. When the application has its own handler for the signal,
 * this module leaves the signal to it, and the application calls
 * shutdownTelemetry() (./sdk) at the end of its graceful shutdown; otherwise
 * this module flushes and exits.
 */
import fs from 'node:fs';
import path from 'node:path';
import { activeTelemetry, shutdownTelemetry, startTelemetry } from './sdk';

function packageVersion(): string {
  // src/telemetry or dist/telemetry: package.json is two levels up.
  try {
    const file = path.join(__dirname, '..', '..', 'package.json');
    const version: unknown = JSON.parse(fs.readFileSync(file, 'utf8')).version;
    return typeof version === 'string' ? version : 'unknown';
  } catch {
    return 'unknown';
  }
}

function start(): void {
  if (process.env.OTEL_SDK_DISABLED === 'true' || activeTelemetry()) return;
  startTelemetry({
    serviceName: process.env.SERVICE_NAME || '${{ values.name }}',
    serviceVersion: process.env.SERVICE_VERSION || packageVersion(),
    tier: process.env.SERVICE_TIER || '${{ values.tier }}',
  });

  process.once('beforeExit', () => {
    void shutdownTelemetry();
  });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    const onSignal = () => {
      // Another handler (the server's graceful shutdown) owns the exit and
      // calls shutdownTelemetry() once its last request is done.
      if (process.listenerCount(signal) > 0) return;
      shutdownTelemetry()
        .catch(error => {
          console.error('OpenTelemetry shutdown failed:', error);
        })
        .finally(() => {
          process.exit(128 + (signal === 'SIGTERM' ? 15 : 2));
        });
    };
    process.once(signal, onSignal);
  }
}

start();
