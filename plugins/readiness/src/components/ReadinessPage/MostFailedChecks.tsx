import {
  CATEGORY_TITLES,
  ReadinessOverview,
} from '@golden-path/plugin-readiness-common';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { LevelBadge } from '../LevelBadge/LevelBadge';

/** Enough to see where the organisation's work is, not a second services table. */
const MAX_ROWS = 10;

/** The checks failing on the most services, most first (as the backend sorts). */
export const MostFailedChecks = (props: {
  checks: ReadinessOverview['failingChecks'];
}) => {
  const { checks } = props;
  if (checks.length === 0) {
    return (
      <Typography variant="body2" color="text.secondary">
        No check fails: every applicable check passes.
      </Typography>
    );
  }
  return (
    <TableContainer component={Paper}>
      <Table
        size="small"
        sx={{ '& th': { whiteSpace: 'nowrap' } }}
        aria-label="Most failed checks"
      >
        <TableHead>
          <TableRow>
            <TableCell>Check</TableCell>
            <TableCell>Category</TableCell>
            <TableCell>Level</TableCell>
            <TableCell align="right">Services failing</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {checks.slice(0, MAX_ROWS).map(check => (
            <TableRow
              key={check.id}
              data-testid="most-failed-check"
              data-check-id={check.id}
            >
              <TableCell>{check.title}</TableCell>
              <TableCell>
                {CATEGORY_TITLES[check.category] ?? check.category}
              </TableCell>
              <TableCell>
                <LevelBadge level={check.level} />
              </TableCell>
              <TableCell align="right">{check.services}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
};
