import Chip from '@mui/material/Chip';
import Tooltip from '@mui/material/Tooltip';
import { TierName, TierTable } from '@golden-path/plugin-golden-path-common';

const TIER_COLORS: Record<TierName, 'error' | 'warning' | 'info' | 'default'> =
  {
    critical: 'error',
    important: 'warning',
    standard: 'info',
    'best-effort': 'default',
  };

/** "99.99 % · p99 < 100 ms · errors < 0.01 %" for a tier. */
export function describeObjectives(tiers: TierTable, tier: TierName) {
  const t = tiers[tier];
  const latency =
    t.latencyP99Ms >= 1000
      ? `${t.latencyP99Ms / 1000} s`
      : `${t.latencyP99Ms} ms`;
  return `${t.availabilityPercent} % available · p99 < ${latency} · errors < ${t.errorRatePercent} %`;
}

/** A coloured chip with the tier's title; its objectives on hover. */
export const TierBadge = (props: { tier: TierName; tiers: TierTable }) => {
  const { tier, tiers } = props;
  return (
    <Tooltip title={describeObjectives(tiers, tier)}>
      <Chip
        size="small"
        color={TIER_COLORS[tier]}
        label={tiers[tier].title}
        data-testid={`tier-badge-${tier}`}
      />
    </Tooltip>
  );
};
