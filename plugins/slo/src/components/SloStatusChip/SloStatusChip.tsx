import Chip from '@mui/material/Chip';
import type { SloStatus } from '@golden-path/plugin-slo-common';

const COLORS: Record<SloStatus, 'success' | 'warning' | 'error' | 'default'> = {
  ok: 'success',
  warning: 'warning',
  breaching: 'error',
  'no-data': 'default',
  error: 'error',
};

const LABELS: Record<SloStatus, string> = {
  ok: 'ok',
  warning: 'warning',
  breaching: 'breaching',
  'no-data': 'no data',
  error: 'error',
};

/**
 * A coloured chip for an SLO status: ok green, warning amber, breaching red,
 * no data grey, error red and outlined (the SLO could not be evaluated,
 * which is not the same as failing it).
 * @public
 */
export const SloStatusChip = (props: { status: SloStatus }) => {
  const { status } = props;
  return (
    <Chip
      size="small"
      color={COLORS[status]}
      variant={
        status === 'error' || status === 'no-data' ? 'outlined' : 'filled'
      }
      label={LABELS[status]}
      data-testid="slo-status"
      data-status={status}
    />
  );
};
