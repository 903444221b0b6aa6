import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { DriftCounts } from '../../api/types';

/**
 * "3 on the current version, 4 behind, 2 on unsupported versions, 41 not
 * from a template"; services on a version their template does not list are
 * named only when there are some.
 */
export function driftSummaryWords(counts: DriftCounts): string {
  const parts = [
    `${counts.current} on the current version`,
    `${counts.behind} behind`,
    counts.unsupported === 1
      ? '1 on an unsupported version'
      : `${counts.unsupported} on unsupported versions`,
  ];
  if (counts.unknownVersion > 0) {
    parts.push(
      counts.unknownVersion === 1
        ? '1 on an unknown version'
        : `${counts.unknownVersion} on unknown versions`,
    );
  }
  parts.push(`${counts.notFromTemplate} not from a template`);
  return parts.join(', ');
}

/** The services counted by where they stand, in words. */
export const DriftSummary = (props: { counts: DriftCounts }) => {
  const { counts } = props;
  return (
    <Stack spacing={0.5}>
      <Typography variant="h6" component="p" data-testid="drift-summary">
        {driftSummaryWords(counts)}
      </Typography>
      {counts.unsupported > 0 && (
        <Typography variant="body2" color="text.secondary">
          Unsupported versions are outside the range their template still
          supports: upgrade those services first.
        </Typography>
      )}
    </Stack>
  );
};
