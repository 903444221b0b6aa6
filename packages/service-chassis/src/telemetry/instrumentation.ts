/**
 * `@golden-path/service-chassis/instrumentation`: sets up OpenTelemetry before
 * the application loads, so that the HTTP and pg modules are instrumented when
 * the app requires them. A service calls installTelemetry() from a module of
 * its own that it preloads:
 *
 *   node --import ./dist/instrumentation.js dist/server.js
 *   tsx --import ./src/instrumentation.ts src/server.ts
 *
 * This entry point loads nothing but the SDK (never pg, knex or Fastify).
 *
 * Environment:
 * - SERVICE_NAME, SERVICE_TIER: resource attributes service.name and
 *   service.tier (defaults: what the service passes);
 * - SERVICE_VERSION: service.version (default: the version in the
 *   package.json of the working directory);
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
 * shutdownTelemetry() at the end of its graceful shutdown (the chassis'
 * runService does); otherwise this module flushes and exits.
 */
import fs from 'node:fs';
import path from 'node:path';
import { activeTelemetry, shutdownTelemetry, startTelemetry } from './sdk';

export { shutdownTelemetry } from './sdk';

/** The service's version: its package.json, read from the working directory. */
function packageVersion(): string {
  try {
    const file = path.join(process.cwd(), 'package.json');
    const version: unknown = JSON.parse(fs.readFileSync(file, 'utf8')).version;
    return typeof version === 'string' ? version : 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Starts the SDK once (no-op when disabled or already started). */
export function installTelemetry(defaults: {
  serviceName: string;
  tier: string;
  serviceVersion?: string;
}): void {
  if (process.env.OTEL_SDK_DISABLED === 'true' || activeTelemetry()) return;
  startTelemetry({
    serviceName: process.env.SERVICE_NAME || defaults.serviceName,
    serviceVersion:
      process.env.SERVICE_VERSION ||
      defaults.serviceVersion ||
      packageVersion(),
    tier: process.env.SERVICE_TIER || defaults.tier,
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
