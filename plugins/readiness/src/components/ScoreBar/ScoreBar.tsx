import Box from '@mui/material/Box';
import LinearProgress from '@mui/material/LinearProgress';
import Typography from '@mui/material/Typography';

/**
 * A score (0..1) as a bar and a text ("8 / 10", "75 %"); `valueText` is
 * what a screen reader says for the bar. A full score is green.
 */
export const ScoreBar = (props: {
  fraction: number;
  text: string;
  label: string;
  valueText: string;
  testId?: string;
}) => {
  const { fraction, text, label, valueText, testId } = props;
  const clamped = Number.isFinite(fraction)
    ? Math.max(0, Math.min(1, fraction))
    : 0;
  return (
    <Box
      sx={{ display: 'flex', alignItems: 'center', gap: 1, minWidth: 110 }}
      data-testid={testId}
    >
      <LinearProgress
        variant="determinate"
        value={clamped * 100}
        color={clamped === 1 ? 'success' : 'primary'}
        aria-label={label}
        aria-valuetext={valueText}
        sx={{ flexGrow: 1, height: 8, borderRadius: 1 }}
      />
      <Typography
        variant="body2"
        sx={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}
      >
        {text}
      </Typography>
    </Box>
  );
};
