import { useMemo } from 'react';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type { ReadinessGroupRow } from '@golden-path/plugin-readiness-common';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import { ScoreBar } from '../ScoreBar/ScoreBar';
import type { LeaderboardGrouping } from './readinessPageSearchParams';
import { rankGroups } from './rankGroups';

const GROUPINGS: Record<LeaderboardGrouping, { title: string; kind: string }> =
  {
    owner: { title: 'Team', kind: 'group' },
    system: { title: 'System', kind: 'system' },
    domain: { title: 'Domain', kind: 'domain' },
  };

/** "75 %" of a 0..1 score; "—" when there is none. */
function formatScore(score: number): string {
  return Number.isFinite(score) ? `${Math.round(score * 100)} %` : '—';
}

/**
 * Teams (or systems, domains) by their mean score, best first: place,
 * services, how many meet their required level, and the score as a bar.
 */
export const Leaderboard = (props: {
  by: LeaderboardGrouping;
  onByChange: (by: LeaderboardGrouping) => void;
  groups: ReadonlyArray<ReadinessGroupRow> | undefined;
  error?: Error;
}) => {
  const { by, onByChange, groups, error } = props;
  const { title, kind } = GROUPINGS[by];
  const ranked = useMemo(() => rankGroups(groups ?? []), [groups]);
  let body;
  if (error) {
    body = <ResponseErrorPanel error={error} />;
  } else if (!groups) {
    body = <Progress />;
  } else if (ranked.length === 0) {
    body = (
      <Typography variant="body2" color="text.secondary">
        No {title.toLowerCase()} to rank: no evaluated service names one.
      </Typography>
    );
  } else {
    body = (
      <TableContainer component={Paper}>
        <Table
          size="small"
          sx={{ '& th': { whiteSpace: 'nowrap' } }}
          aria-label={`${title} leaderboard`}
        >
          <TableHead>
            <TableRow>
              <TableCell align="right">Rank</TableCell>
              <TableCell>{title}</TableCell>
              <TableCell align="right">Services</TableCell>
              <TableCell align="right">Meeting required</TableCell>
              <TableCell>Score</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {ranked.map(group => (
              <TableRow
                key={group.key}
                data-testid="leaderboard-row"
                data-key={group.key}
              >
                <TableCell align="right">{group.rank}</TableCell>
                <TableCell>
                  {group.key ? (
                    <EntityRefLink entityRef={group.key} defaultKind={kind} />
                  ) : (
                    '—'
                  )}
                </TableCell>
                <TableCell align="right">{group.services}</TableCell>
                <TableCell align="right">
                  {group.meetingRequired} of {group.services}
                </TableCell>
                <TableCell>
                  <ScoreBar
                    fraction={group.score}
                    text={formatScore(group.score)}
                    label={`Score of ${group.key}`}
                    valueText={`${formatScore(
                      group.score,
                    )} of applicable checks passed on average`}
                  />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
    );
  }
  return (
    <Stack spacing={1}>
      <ToggleButtonGroup
        size="small"
        exclusive
        value={by}
        onChange={(_, next: LeaderboardGrouping | null) => {
          if (next) onByChange(next);
        }}
        aria-label="Leaderboard by"
      >
        {(Object.keys(GROUPINGS) as LeaderboardGrouping[]).map(key => (
          <ToggleButton key={key} value={key}>
            {GROUPINGS[key].title}
          </ToggleButton>
        ))}
      </ToggleButtonGroup>
      {body}
    </Stack>
  );
};
