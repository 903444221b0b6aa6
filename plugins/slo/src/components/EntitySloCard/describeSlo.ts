import type { SloSummary } from '@golden-path/plugin-slo-common';
import { formatLatency, formatPercent } from '../formatPercent';

/** "30d rolling", "1M calendar". */
export function describeWindow(window: SloSummary['window']): string {
  return `${window.duration} ${window.isRolling ? 'rolling' : 'calendar'}`;
}

/**
 * What an SLO promises, in words: "99.9 % of requests succeed",
 * "99 % of requests within 500 ms", "fewer than 0.1 % of requests fail".
 */
export function describeObjective(slo: SloSummary): string {
  switch (slo.objective) {
    case 'availability':
      return `${formatPercent(slo.target)} of requests succeed`;
    case 'latency':
      return slo.thresholdMs === null
        ? `${formatPercent(slo.target)} of requests are fast enough`
        : `${formatPercent(slo.target)} of requests within ${formatLatency(
            slo.thresholdMs,
          )}`;
    case 'error-rate':
      return `fewer than ${formatPercent(1 - slo.target)} of requests fail`;
    default:
      return `${formatPercent(slo.target)} good ${
        slo.budgetingMethod === 'Timeslices' ? 'time slices' : 'events'
      }`;
  }
}
