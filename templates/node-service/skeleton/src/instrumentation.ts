/**
 * Preloaded before the application (`node --import ./dist/instrumentation.js
 * dist/server.js`), so that OpenTelemetry instruments the HTTP and pg modules
 * before the app loads them. It imports the chassis' instrumentation entry
 * point only, which loads nothing else.
 */
import { installTelemetry } from '@golden-path/service-chassis/instrumentation';
import { SERVICE_DEFAULTS } from './service';

installTelemetry({
  serviceName: SERVICE_DEFAULTS.serviceName,
  tier: SERVICE_DEFAULTS.tier,
});
