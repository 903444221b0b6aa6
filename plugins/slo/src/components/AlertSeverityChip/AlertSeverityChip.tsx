import Chip from '@mui/material/Chip';

/** A burn-rate alert severity: page red, ticket amber. */
export const AlertSeverityChip = (props: { severity: 'page' | 'ticket' }) => (
  <Chip
    size="small"
    color={props.severity === 'page' ? 'error' : 'warning'}
    label={props.severity}
    data-testid="alert-severity"
    data-severity={props.severity}
  />
);
