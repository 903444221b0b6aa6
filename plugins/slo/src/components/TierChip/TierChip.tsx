import Chip from '@mui/material/Chip';
import {
  DEFAULT_TIER_TABLE,
  TIER_COLORS,
  TierName,
} from '@golden-path/plugin-golden-path-common';

/**
 * The tier of a service as a coloured chip, with the same colours as the
 * service catalog's tier badge; titles come from the backend's tier rows
 * when given, as app-config may rename tiers.
 */
export const TierChip = (props: { tier: TierName | null; title?: string }) => {
  const { tier, title } = props;
  if (!tier) return <>—</>;
  return (
    <Chip
      size="small"
      color={TIER_COLORS[tier]}
      label={title ?? DEFAULT_TIER_TABLE[tier].title}
      data-testid={`tier-chip-${tier}`}
    />
  );
};
