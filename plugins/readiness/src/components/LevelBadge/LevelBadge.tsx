import {
  LEVEL_TITLES,
  LevelOrNone,
} from '@golden-path/plugin-readiness-common';
import {
  RiHourglassLine,
  RiIndeterminateCircleLine,
  RiMedalFill,
} from '@remixicon/react';
import Chip from '@mui/material/Chip';

/**
 * Each level's own colours, metal-like, with text dark or light enough to
 * read on them (contrast 6:1 or more). The level's name is always written
 * too, so nobody has to tell bronze from gold by colour.
 */
export const LEVEL_COLORS: Record<
  Exclude<LevelOrNone, 'none'>,
  { background: string; text: string }
> = {
  gold: { background: '#D4AF37', text: '#2B2200' },
  silver: { background: '#C0C0C0', text: '#1F1F1F' },
  bronze: { background: '#8C5523', text: '#FFFFFF' },
};

/**
 * A readiness level as a badge: a medal and "Gold", "Silver" or "Bronze" in
 * the level's colour, or an outlined "None"; with `awaiting`, an outlined
 * "Awaiting first collection" instead (a service whose facts have not all
 * been collected yet has no level to show).
 * @public
 */
export const LevelBadge = (props: {
  level: LevelOrNone;
  size?: 'small' | 'medium';
  awaiting?: boolean;
}) => {
  const { level, size = 'small', awaiting } = props;
  if (awaiting) {
    return (
      <Chip
        size={size}
        variant="outlined"
        color="info"
        label={size === 'small' ? 'Awaiting' : 'Awaiting first collection'}
        title="Some checks await the first collection of their facts; the level follows then"
        icon={<RiHourglassLine size={16} aria-hidden />}
        data-testid="level-badge"
        data-level="awaiting"
      />
    );
  }
  const title = LEVEL_TITLES[level] ?? level;
  const common = {
    size,
    label: title,
    'data-testid': 'level-badge',
    'data-level': level,
  } as const;
  if (level === 'none') {
    return (
      <Chip
        {...common}
        variant="outlined"
        icon={<RiIndeterminateCircleLine size={16} aria-hidden />}
      />
    );
  }
  const colors = LEVEL_COLORS[level];
  return (
    <Chip
      {...common}
      icon={<RiMedalFill size={16} aria-hidden />}
      sx={{
        bgcolor: colors.background,
        color: colors.text,
        fontWeight: 600,
        '& .MuiChip-icon': { color: colors.text },
      }}
    />
  );
};
