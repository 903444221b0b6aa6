import {
  TierName,
  TierObjectives,
} from '@golden-path/plugin-golden-path-common';
import { parseDurationShorthand } from './windows/parseDuration';
import { RollingTimeWindow } from './windows/windowBounds';

/**
 * An SLO implied by a component's tier.
 * @public
 */
export type TierSlo = {
  /** `<entity>-availability`, `<entity>-latency`, `<entity>-error-rate`. */
  name: string;
  objective: 'availability' | 'latency' | 'error-rate';
  tier: TierName;
  /** The fraction of good events required, in (0, 1). */
  target: number;
  /** Latency only: a request is good when it takes at most this long. */
  thresholdMs: number | null;
  timeWindow: RollingTimeWindow;
  budgetingMethod: 'Occurrences';
  description: string;
};

/**
 * The quantile a tier's latency objective is about: p99.
 * @public
 */
export const TIER_LATENCY_TARGET = 0.99;

/** Tier SLOs use a rolling 30 days, the window of the burn-down chart. */
const TIER_WINDOW = parseDurationShorthand('30d');

/** Percent to fraction, without float noise (99.99 / 100 = 0.9998999…). */
function fraction(percent: number): number {
  return Number((percent / 100).toPrecision(12));
}

/**
 * The three SLOs a tier implies, over a rolling 30 days, counted as
 * Occurrences: availability (`availabilityPercent / 100` of requests
 * succeed), latency (99 % of requests take at most `latencyP99Ms`) and
 * error rate (`1 - errorRatePercent / 100` of requests are not errors).
 * @public
 */
export function tierSlos(tier: TierObjectives, entityName: string): TierSlo[] {
  const timeWindow: RollingTimeWindow = {
    isRolling: true,
    duration: TIER_WINDOW.ok
      ? TIER_WINDOW.value
      : { amount: 30, unit: 'd', text: '30d' },
  };
  const common = {
    tier: tier.name,
    timeWindow,
    budgetingMethod: 'Occurrences' as const,
  };
  return [
    {
      ...common,
      name: `${entityName}-availability`,
      objective: 'availability',
      target: fraction(tier.availabilityPercent),
      thresholdMs: null,
      description: `${tier.availabilityPercent} % of requests succeed (${tier.title} tier)`,
    },
    {
      ...common,
      name: `${entityName}-latency`,
      objective: 'latency',
      target: TIER_LATENCY_TARGET,
      thresholdMs: tier.latencyP99Ms,
      description: `99 % of requests take at most ${tier.latencyP99Ms} ms (${tier.title} tier)`,
    },
    {
      ...common,
      name: `${entityName}-error-rate`,
      objective: 'error-rate',
      target: fraction(100 - tier.errorRatePercent),
      thresholdMs: null,
      description: `fewer than ${tier.errorRatePercent} % of requests fail (${tier.title} tier)`,
    },
  ];
}
