import {
  CATEGORY_TITLES,
  LevelCounts,
  LevelOrNone,
  ReadinessCategory,
  ReadinessStatus,
} from '@golden-path/plugin-readiness-common';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { LevelBadge } from '../LevelBadge/LevelBadge';
import { StatusLabel } from '../StatusLabel/StatusLabel';

/** Highest level first, as a podium reads. */
const LEVEL_ORDER: LevelOrNone[] = ['gold', 'silver', 'bronze', 'none'];

/** The statuses besides "meets", each with how its count reads. */
const OTHER_STATUSES: Array<{
  status: Exclude<ReadinessStatus, 'meets'>;
  words: (n: number) => string;
}> = [
  { status: 'below', words: n => `${n} below it` },
  { status: 'awaiting', words: n => `${n} awaiting first collection` },
  { status: 'no-tier', words: n => `${n} with no tier set` },
];

const plural = (n: number, one: string, many = `${one}s`) =>
  `${n} ${n === 1 ? one : many}`;

/** "the Security and Operations checks" */
function categoryWords(categories: ReadonlyArray<ReadinessCategory>): string {
  const titles = categories.map(c => CATEGORY_TITLES[c] ?? c);
  const list =
    titles.length <= 1
      ? titles.join('')
      : `${titles.slice(0, -1).join(', ')} and ${titles[titles.length - 1]}`;
  return `the ${list} checks`;
}

/**
 * How many services meet the level their tier requires, how many are below
 * it, await their first collection or have no tier, and how many stand at
 * each level; with a category filter, all of it over those categories'
 * checks (as the table below).
 */
export const LevelSummary = (props: {
  levels: LevelCounts;
  statuses: Record<ReadinessStatus, number>;
  services: number;
  categories: ReadonlyArray<ReadinessCategory>;
}) => {
  const { levels, statuses, services, categories } = props;
  return (
    <Stack spacing={2}>
      <Stack spacing={0.5}>
        <Typography variant="h6" component="p" data-testid="readiness-meeting">
          {statuses.meets} of {services} meet the level their tier requires
          {categories.length > 0 && ` in ${categoryWords(categories)}`}
        </Typography>
        <Stack
          direction="row"
          spacing={3}
          flexWrap="wrap"
          useFlexGap
          data-testid="readiness-statuses"
        >
          {OTHER_STATUSES.filter(({ status }) => statuses[status] > 0).map(
            ({ status, words }) => (
              <div key={status} data-testid={`status-count-${status}`}>
                <StatusLabel status={status} text={words(statuses[status])} />
              </div>
            ),
          )}
        </Stack>
        {statuses['no-tier'] > 0 && (
          <Typography variant="body2" color="text.secondary">
            A service with no tier set is not counted as meeting its level:
            nothing says which level it needs. Set its golden-path.io/tier
            annotation.
          </Typography>
        )}
      </Stack>
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
