import type {
  ReadinessServiceSummary,
  ReadinessStatus,
} from '@golden-path/plugin-readiness-common';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import {
  RiCheckLine,
  RiCloseLine,
  RiHourglassLine,
  RiQuestionLine,
} from '@remixicon/react';

/** How each status reads: a short word for tables, a sentence for cards. */
export const STATUS_TEXT: Record<
  ReadinessStatus,
  { short: string; long: string; color: string; Icon: typeof RiCheckLine }
> = {
  meets: {
    short: 'Meets',
    long: 'Meets the level its tier requires',
    color: 'success.main',
    Icon: RiCheckLine,
  },
  below: {
    short: 'Below',
    long: 'Below the level its tier requires',
    color: 'error.main',
    Icon: RiCloseLine,
  },
  awaiting: {
    short: 'Awaiting',
    long: 'Awaiting first collection',
    color: 'info.dark',
    Icon: RiHourglassLine,
  },
  'no-tier': {
    short: 'No tier set',
    long: 'No tier set, so no level is required of it',
    color: 'warning.dark',
    Icon: RiQuestionLine,
  },
};

/**
 * Whether a service's level is still to come: checks await their first
 * collection and what was collected so far does not make it meet its level.
 */
export function levelAwaited(
  service: Pick<ReadinessServiceSummary, 'awaiting' | 'status'>,
): boolean {
  return service.awaiting > 0 && service.status !== 'meets';
}

/** A status as an icon and words, never colour alone. */
export const StatusLabel = (props: {
  status: ReadinessStatus;
  variant?: 'short' | 'long';
  /** Other words than the status's own (a count, say). */
  text?: string;
}) => {
  const { status, variant = 'short' } = props;
  const { color, Icon, ...text } = STATUS_TEXT[status] ?? STATUS_TEXT.below;
  return (
    <Stack
      direction="row"
      spacing={0.5}
      alignItems="center"
      sx={{ color }}
      data-testid="readiness-status"
      data-status={status}
    >
      <Icon size={16} aria-hidden style={{ flexShrink: 0 }} />
      <Typography
        variant="body2"
        color="inherit"
        fontWeight={600}
        sx={variant === 'short' ? { whiteSpace: 'nowrap' } : undefined}
      >
        {props.text ?? text[variant]}
      </Typography>
    </Stack>
  );
};
