import pino, { type DestinationStream, type Logger } from 'pino';
import { INVALID_TRACEID, trace } from '@opentelemetry/api';
import { currentTraceId } from './telemetry/trace';

export type { Logger };

/**
 * The service's pino logger: JSON lines with the service name, and the active
 * trace id (and span id) in every line written inside a trace, so a log line
 * leads to its trace and back.
 */
export function createLogger(
  options: { level?: string; serviceName: string },
  destination?: DestinationStream,
): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: options.serviceName },
      timestamp: pino.stdTimeFunctions.isoTime,
      mixin() {
        const traceId = currentTraceId();
        // No SDK (or an untraced path): the API's span has the all-zero id.
        if (!traceId || traceId === INVALID_TRACEID) return {};
        return { traceId, spanId: trace.getActiveSpan()?.spanContext().spanId };
      },
    },
    destination ?? pino.destination(1),
  );
}
