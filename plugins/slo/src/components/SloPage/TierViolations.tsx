import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type { SloOverview } from '@golden-path/plugin-slo-common';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';

/**
 * OpenSLO objectives looser than their component's tier. Messages are
 * plain text from the backend, rendered as text (never as HTML).
 */
export const TierViolations = (props: {
  violations: SloOverview['tierViolations'];
}) => {
  const { violations } = props;
  if (violations.length === 0) {
    return (
      <Typography variant="body2" color="text.secondary">
        No tier violations: every OpenSLO objective is at least as strict as its
        tier.
      </Typography>
    );
  }
  return (
    <TableContainer component={Paper}>
      <Table
        size="small"
        aria-label="Tier violations"
        sx={{ '& th': { whiteSpace: 'nowrap' } }}
      >
        <TableHead>
          <TableRow>
            <TableCell>Service</TableCell>
            <TableCell>SLO</TableCell>
            <TableCell>Problem</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {violations.map(violation => (
            <TableRow
              key={`${violation.entityRef}:${violation.sloName}:${violation.field}`}
              data-testid="tier-violation"
            >
              <TableCell>
                <EntityRefLink entityRef={violation.entityRef} />
              </TableCell>
              <TableCell>{violation.sloName}</TableCell>
              <TableCell>{violation.message}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
};
