import type { CheckOutcome } from '@golden-path/plugin-readiness-common';
import {
  RiHourglassLine,
  RiCheckboxCircleFill,
  RiCloseCircleFill,
  RiErrorWarningFill,
  RiIndeterminateCircleLine,
} from '@remixicon/react';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';

const OUTCOMES: Record<
  CheckOutcome,
  { text: string; color: string; Icon: typeof RiCheckboxCircleFill }
> = {
  pass: { text: 'Passed', color: 'success.main', Icon: RiCheckboxCircleFill },
  fail: { text: 'Failed', color: 'error.main', Icon: RiCloseCircleFill },
  error: { text: 'Error', color: 'warning.dark', Icon: RiErrorWarningFill },
  'not-applicable': {
    text: 'Not required',
    color: 'text.secondary',
    Icon: RiIndeterminateCircleLine,
  },
  awaiting: {
    text: 'Awaiting first collection',
    color: 'info.dark',
    Icon: RiHourglassLine,
  },
};

/**
 * The words for an outcome: "Passed", "Failed", "Error", "Not required",
 * "Awaiting first collection".
 */
export function outcomeText(outcome: CheckOutcome): string {
  return OUTCOMES[outcome]?.text ?? outcome;
}

/** A check's outcome as an icon and a word, never colour alone. */
export const OutcomeLabel = (props: { outcome: CheckOutcome }) => {
  const { outcome } = props;
  const { text, color, Icon } = OUTCOMES[outcome] ?? {
    ...OUTCOMES.error,
    text: String(outcome),
  };
  return (
    <Stack
      direction="row"
      spacing={0.5}
      alignItems="center"
      sx={{ color, minWidth: 110 }}
      data-testid="check-outcome"
    >
      <Icon size={18} aria-hidden />
      <Typography variant="body2" fontWeight={600} color="inherit">
        {text}
      </Typography>
    </Stack>
  );
};
