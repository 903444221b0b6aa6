import { useMemo } from 'react';
import { Link } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type { ReadinessServiceRow } from '@golden-path/plugin-readiness-common';
import Chip from '@mui/material/Chip';
import {
  SortableHeader,
  TierChip,
} from '@golden-path/plugin-golden-path-react';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { alpha, Theme } from '@mui/material/styles';
import { LevelBadge } from '../LevelBadge/LevelBadge';
import { levelAwaited, StatusLabel } from '../StatusLabel/StatusLabel';
import { ScoreBar } from '../ScoreBar/ScoreBar';
import { useReadinessTabLink } from '../useReadinessTabLink';
import type {
  ReadinessPageView,
  ServiceSortKey,
} from './readinessPageSearchParams';
import { serviceScore, sortServices } from './sortServices';

/** A failing check's chip never widens its column: long titles end in "…". */
const FAILING_CHIP_MAX_WIDTH = 200;

/** Failing checks shown per row; the rest is a "+N more" link to the tab. */
const MAX_FAILING_CHIPS = 4;

/**
 * The tint of a row below its required level (not of one awaiting its
 * facts or without a tier: nothing is known to be wrong there yet); it also replaces the theme's
 * alternating background of odd rows, which would otherwise win.
 */
const BELOW_REQUIRED_ROW = {
  '&, &:nth-of-type(odd)': {
    bgcolor: (theme: Theme) => alpha(theme.palette.error.main, 0.08),
  },
};

/** The direction a column starts in: the services that need work on top. */
const FIRST_ORDER: Record<ServiceSortKey, 'asc' | 'desc'> = {
  score: 'asc',
  level: 'asc',
};

/** "8 / 10" with a bar; "no applicable checks" when nothing applies. */
const ServiceScore = (props: { row: ReadinessServiceRow }) => {
  const { row } = props;
  const score = serviceScore(row);
  if (score === null) {
    return (
      <Typography variant="body2" color="text.secondary">
        no applicable checks
      </Typography>
    );
  }
  return (
    <ScoreBar
      fraction={score}
      text={`${row.passed} / ${row.applicable}`}
      label={`Score of ${row.entityRef}`}
      valueText={`${row.passed} of ${
        row.applicable
      } checks passed (${Math.round(score * 100)} %)`}
      testId="readiness-score"
    />
  );
};

/** Meets, below, awaiting or no tier, with the level its tier requires. */
const Status = (props: { row: ReadinessServiceRow }) => {
  const { row } = props;
  return (
    <Stack spacing={0.5} alignItems="flex-start">
      <StatusLabel status={row.status} />
      {row.tier && (
        <Stack
          direction="row"
          spacing={0.5}
          alignItems="center"
          sx={{ whiteSpace: 'nowrap', flexShrink: 0 }}
          data-testid="required-level"
        >
          <Typography variant="caption" color="text.secondary">
            needs
          </Typography>
          <LevelBadge level={row.requiredLevel} />
        </Stack>
      )}
    </Stack>
  );
};

const FailingChecks = (props: { row: ReadinessServiceRow }) => {
  const { row } = props;
  const tabLink = useReadinessTabLink();
  if (row.failingChecks.length === 0) {
    return (
      <Typography variant="body2" color="text.secondary">
        none
      </Typography>
    );
  }
  const shown = row.failingChecks.slice(0, MAX_FAILING_CHIPS);
  const more = row.failingChecks.length - shown.length;
  return (
    <Stack direction="row" spacing={0.5} flexWrap="wrap" useFlexGap>
      {shown.map(check => (
        <Chip
          key={check.id}
          size="small"
          variant="outlined"
          color="error"
          clickable
          component={Link}
          to={tabLink(row.entityRef, check.id)}
          label={check.title}
          title={check.title}
          sx={{ maxWidth: FAILING_CHIP_MAX_WIDTH }}
          data-testid="failing-check"
          data-check-id={check.id}
        />
      ))}
      {more > 0 && (
        <Chip
          size="small"
          variant="outlined"
          clickable
          component={Link}
          to={tabLink(row.entityRef)}
          label={`+${more} more`}
        />
      )}
    </Stack>
  );
};

/** Headers read as words: never broken inside one. */
const TABLE_SX = {
  tableLayout: 'auto',
  '& th': { whiteSpace: 'nowrap' },
  '& td': { verticalAlign: 'top' },
  // Narrower gutters than MUI's 16 px + 24 px: seven columns at 1280 px.
  '& th, & td': { px: 1 },
  '& th:first-of-type, & td:first-of-type': { pl: 2 },
} as const;

/**
 * Every evaluated service: tier, level, where it stands against the level
 * its tier requires (meets, below, awaiting its first collection, no tier
 * set), score and failing checks (links to the entity's Readiness tab).
 * Rows below their required level are tinted. Sorted in the browser since
 * the overview holds all rows. Seven columns, names wrapping between
 * words: it fits a 1280 px window without scrolling sideways.
 */
export const ServicesTable = (props: {
  services: ReadonlyArray<ReadinessServiceRow>;
  view: Pick<ReadinessPageView, 'sort' | 'order'>;
  onSort: (sort: ServiceSortKey, order: 'asc' | 'desc') => void;
}) => {
  const { services, view, onSort } = props;
  const rows = useMemo(
    () => sortServices(services, view.sort, view.order),
    [services, view.sort, view.order],
  );
  return (
    <TableContainer component={Paper}>
      <Table size="small" aria-label="Services" sx={TABLE_SX}>
        <TableHead>
          <TableRow>
            <TableCell>Service</TableCell>
            <TableCell>Owner</TableCell>
            <TableCell>Tier</TableCell>
            <SortableHeader
              column="level"
              label="Level"
              sort={view.sort}
              order={view.order}
              firstOrder={FIRST_ORDER.level}
              onSort={onSort}
            />
            <TableCell>Status</TableCell>
            <SortableHeader
              column="score"
              label="Score"
              sort={view.sort}
              order={view.order}
              firstOrder={FIRST_ORDER.score}
              onSort={onSort}
            />
            <TableCell sx={{ width: '30%' }}>Failing checks</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map(row => (
            <TableRow
              key={row.entityRef}
              data-testid="readiness-service-row"
              data-entity-ref={row.entityRef}
              data-meets-required={row.meetsRequired}
              data-status={row.status}
              sx={row.status === 'below' ? BELOW_REQUIRED_ROW : undefined}
            >
              <TableCell sx={{ minWidth: 120 }}>
                <EntityRefLink entityRef={row.entityRef} />
              </TableCell>
              <TableCell sx={{ minWidth: 100 }}>
                {row.owner ? (
                  <EntityRefLink entityRef={row.owner} defaultKind="group" />
                ) : (
                  '—'
                )}
              </TableCell>
              <TableCell>
                <TierChip tier={row.tier} emptyLabel="No tier" />
              </TableCell>
              <TableCell>
                <LevelBadge level={row.level} awaiting={levelAwaited(row)} />
              </TableCell>
              <TableCell>
                <Status row={row} />
              </TableCell>
              <TableCell>
                <ServiceScore row={row} />
              </TableCell>
              <TableCell>
                <FailingChecks row={row} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
};
