import Chip from '@mui/material/Chip';
import Tooltip from '@mui/material/Tooltip';
import {
  describeTierObjectives,
  TIER_COLORS,
  TierName,
  TierTable,
} from '@golden-path/plugin-golden-path-common';

/**
 * `99.99 % available · p99 < 100 ms · errors < 0.01 %` for a tier.
 * @public
 */
export function describeObjectives(tiers: TierTable, tier: TierName) {
  return describeTierObjectives(tiers[tier]);
}

/**
 * A coloured chip with the tier's title; its objectives on hover.
 * @public
 */
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
