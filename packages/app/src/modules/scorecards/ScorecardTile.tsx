import { Link } from '@backstage/core-components';
import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { ReactNode } from 'react';
import { Loaded } from './scorecardsData';

/**
 * One figure of the organisation's or a team's picture: a titled tile whose
 * title links to the page behind the figure; the figure's own error in
 * plain words when its backend could not answer.
 */
export function ScorecardTile<T>(props: {
  title: string;
  to: string;
  /** What the tile is about, for "could not read …". */
  source: string;
  loaded: Loaded<T>;
  children: (value: T) => ReactNode;
  testId: string;
}) {
  const { title, to, source, loaded, children, testId } = props;
  return (
    <Paper
      variant="outlined"
      component="section"
      aria-label={title}
      data-testid={testId}
      sx={{ p: 2, minWidth: 0, display: 'flex', flexDirection: 'column' }}
    >
      <Typography variant="subtitle1" component="h3" sx={{ mb: 1 }}>
        <Link to={to}>{title}</Link>
      </Typography>
      {'error' in loaded ? (
        <Typography variant="body2" color="error">
          Could not read {source}: {loaded.error.message}
        </Typography>
      ) : (
        <Box sx={{ flex: 1 }}>{children(loaded.value)}</Box>
      )}
    </Paper>
  );
}

/** A big number with what it counts below it. */
export const Figure = (props: {
  value: ReactNode;
  label: ReactNode;
  testId?: string;
}) => (
  <Box>
    <Typography
      variant="h4"
      component="p"
      data-testid={props.testId}
      sx={{ lineHeight: 1.2 }}
    >
      {props.value}
    </Typography>
    <Typography variant="body2" color="text.secondary">
      {props.label}
    </Typography>
  </Box>
);

/** "1 service", "2 services". */
export function plural(count: number, one: string, many = `${one}s`) {
  return `${count} ${count === 1 ? one : many}`;
}
