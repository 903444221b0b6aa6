import Chip from '@mui/material/Chip';
import type { AdrStatus } from '@golden-path/plugin-adr-common';

const COLORS: Record<
  AdrStatus,
  'success' | 'info' | 'error' | 'default' | 'warning'
> = {
  accepted: 'success',
  proposed: 'info',
  rejected: 'error',
  deprecated: 'default',
  superseded: 'default',
};

/**
 * A coloured chip for an ADR status: accepted green, proposed blue (amber
 * when stale), rejected red, deprecated grey, superseded grey and struck
 * through; `unknown` shows the raw text when there is one.
 * @public
 */
export const AdrStatusChip = (props: {
  status: AdrStatus | null;
  statusRaw?: string | null;
  stale?: boolean;
}) => {
  const { status, statusRaw, stale } = props;
  if (!status) {
    return (
      <Chip
        size="small"
        variant="outlined"
        label={statusRaw ? `unknown (${statusRaw})` : 'unknown'}
        data-status="unknown"
      />
    );
  }
  const color = status === 'proposed' && stale ? 'warning' : COLORS[status];
  return (
    <Chip
      size="small"
      color={color}
      variant={status === 'deprecated' ? 'outlined' : 'filled'}
      label={status}
      data-status={status}
      sx={
        status === 'superseded' ? { textDecoration: 'line-through' } : undefined
      }
    />
  );
};
