import type {
  LevelCounts,
  LevelOrNone,
} from '@golden-path/plugin-readiness-common';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { LevelBadge } from '../LevelBadge/LevelBadge';

/** Highest level first, as a podium reads. */
const LEVEL_ORDER: LevelOrNone[] = ['gold', 'silver', 'bronze', 'none'];

const plural = (n: number, one: string, many = `${one}s`) =>
  `${n} ${n === 1 ? one : many}`;

/**
 * How many services meet the level their tier requires, and how many stand
 * at each level.
 */
export const LevelSummary = (props: {
  levels: LevelCounts;
  services: number;
  meetingRequired: number;
}) => {
  const { levels, services, meetingRequired } = props;
  return (
    <Stack spacing={2}>
      <Typography variant="h6" component="p" data-testid="readiness-meeting">
        {meetingRequired} of {services} meet the level their tier requires
      </Typography>
      <Stack direction="row" spacing={2} flexWrap="wrap" useFlexGap>
        {LEVEL_ORDER.map(level => (
          <Paper
            key={level}
            variant="outlined"
            sx={{ p: 2, minWidth: 140 }}
            data-testid={`level-count-${level}`}
          >
            <Stack spacing={1} alignItems="flex-start">
              <LevelBadge level={level} size="medium" />
              <Typography variant="body1">
                {plural(levels[level] ?? 0, 'service')}
              </Typography>
            </Stack>
          </Paper>
        ))}
      </Stack>
    </Stack>
  );
};
