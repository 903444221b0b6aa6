import Chip from '@mui/material/Chip';
import {
  DEFAULT_TIER_TABLE,
  TIER_COLORS,
  TierName,
} from '@golden-path/plugin-golden-path-common';

/**
 * The tier of a service as a chip in the service catalog's tier colours.
 * `title` overrides the default tier title (app-config may rename tiers);
 * without a tier it shows `emptyLabel` (default "—").
 * @public
 */
export const TierChip = (props: {
  tier: TierName | null;
  title?: string;
  emptyLabel?: string;
}) => {
  const { tier, title, emptyLabel } = props;
  if (!tier) {
    return emptyLabel ? (
      <Chip size="small" variant="outlined" label={emptyLabel} />
    ) : (
      <>—</>
    );
  }
  return (
    <Chip
      size="small"
      color={TIER_COLORS[tier]}
      label={title ?? DEFAULT_TIER_TABLE[tier].title}
      data-testid={`tier-chip-${tier}`}
    />
  );
};
