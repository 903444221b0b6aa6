import { Link, ResponseErrorPanel } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type { PagedRows } from '@golden-path/plugin-golden-path-common';
import type { ReadinessServiceListRow } from '@golden-path/plugin-readiness-common';
import Chip from '@mui/material/Chip';
import LinearProgress from '@mui/material/LinearProgress';
import TablePagination from '@mui/material/TablePagination';
import TextField from '@mui/material/TextField';

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
  title: 'asc',
  owner: 'asc',
  tier: 'asc',
  level: 'asc',
  status: 'asc',
  score: 'asc',
  failing: 'desc',
};

/** Rows per page the table offers. */
export const ROWS_PER_PAGE = [25, 50, 100];

/** passed/applicable, or null when no check applies (nothing to score). */
export function serviceScore(
  row: Pick<ReadinessServiceListRow, 'passed' | 'applicable'>,
): number | null {
  if (!(row.applicable > 0) || !Number.isFinite(row.passed)) return null;
  return row.passed / row.applicable;
}

/** "8 / 10" with a bar; "no applicable checks" when nothing applies. */
const ServiceScore = (props: { row: ReadinessServiceListRow }) => {
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
const Status = (props: { row: ReadinessServiceListRow }) => {
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

const FailingChecks = (props: { row: ReadinessServiceListRow }) => {
  const { row } = props;
  const tabLink = useReadinessTabLink();
  if (row.failingCount === 0) {
    return (
      <Typography variant="body2" color="text.secondary">
        none
      </Typography>
    );
  }
  const shown = row.failingChecks.slice(0, MAX_FAILING_CHIPS);
  const more = row.failingCount - shown.length;
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

const sortable = (
  column: ServiceSortKey,
  label: string,
  view: Pick<ReadinessPageView, 'sort' | 'order'>,
  onSort: (sort: ServiceSortKey, order: 'asc' | 'desc') => void,
) => (
  <SortableHeader
    column={column}
    label={label}
    sort={view.sort}
    order={view.order}
    firstOrder={FIRST_ORDER[column]}
    onSort={onSort}
  />
);

/**
 * One page of the evaluated services: tier, level, where each stands
 * against the level its tier requires (meets, below, awaiting its first
 * collection, no tier set), score and failing checks (links to the
 * entity's Readiness tab). Rows below their required level are tinted.
 * Searched, sorted and paged on the server: the search field, the
 * sortable headers and the pagination ask for another page. Seven
 * columns, names wrapping between words: it fits a 1280 px window
 * without scrolling sideways.
 */
export const ServicesTable = (props: {
  /** The page shown (the previous one while the next loads). */
  page?: PagedRows<ReadinessServiceListRow>;
  loading: boolean;
  error?: Error;
  view: Pick<ReadinessPageView, 'sort' | 'order'>;
  onSort: (sort: ServiceSortKey, order: 'asc' | 'desc') => void;
  /** The search field's text (searched once typing pauses). */
  search: string;
  onSearch: (text: string) => void;
  pageIndex: number;
  rowsPerPage: number;
  onPage: (pageIndex: number, rowsPerPage: number) => void;
}) => {
  const { page, loading, error, view, onSort, search, onSearch } = props;
  const rows = page?.items ?? [];
  return (
    <Stack spacing={1}>
      <TextField
        size="small"
        label="Search services"
        placeholder="Name, owner or system"
        value={search}
        onChange={event => onSearch(event.target.value)}
        sx={{ maxWidth: 360 }}
        type="search"
        inputProps={{ 'data-testid': 'readiness-search', maxLength: 200 }}
      />
      {error && <ResponseErrorPanel error={error} />}
      <TableContainer component={Paper}>
        {loading && (
          <LinearProgress
            aria-label="Loading services"
            data-testid="readiness-services-loading"
          />
        )}
        <Table size="small" aria-label="Services" sx={TABLE_SX}>
          {/* The failing checks' chips wrap within 28 % of the width. */}
          <colgroup>
            {[0, 1, 2, 3, 4, 5].map(column => (
              <col key={column} />
            ))}
            <col style={{ width: '28%' }} />
          </colgroup>
          <TableHead>
            <TableRow>
              {sortable('title', 'Service', view, onSort)}
              {sortable('owner', 'Owner', view, onSort)}
              {sortable('tier', 'Tier', view, onSort)}
              {sortable('level', 'Level', view, onSort)}
              {sortable('status', 'Status', view, onSort)}
              {sortable('score', 'Score', view, onSort)}
              <SortableHeader
                column="failing"
                label="Failing checks"
                sort={view.sort}
                order={view.order}
                firstOrder={FIRST_ORDER.failing}
                onSort={onSort}
              />
            </TableRow>
          </TableHead>
          <TableBody>
            {page && rows.length === 0 && (
              <TableRow>
                <TableCell colSpan={7}>
                  <Typography
                    variant="body2"
                    color="text.secondary"
                    data-testid="readiness-services-none"
                  >
                    No service matches “{search.trim()}”.
                  </Typography>
                </TableCell>
              </TableRow>
            )}
            {rows.map(row => (
              <TableRow
                key={row.entityRef}
                data-testid="readiness-service-row"
                data-entity-ref={row.entityRef}
                data-meets-required={row.meetsRequired}
                data-status={row.status}
                sx={row.status === 'below' ? BELOW_REQUIRED_ROW : undefined}
              >
                <TableCell sx={{ minWidth: 130 }}>
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
        <TablePagination
          component="div"
          count={page?.totalItems ?? 0}
          page={props.pageIndex}
          rowsPerPage={props.rowsPerPage}
          rowsPerPageOptions={ROWS_PER_PAGE}
          onPageChange={(_, next) => props.onPage(next, props.rowsPerPage)}
          onRowsPerPageChange={event =>
            props.onPage(0, Number(event.target.value))
          }
          data-testid="readiness-services-pagination"
        />
      </TableContainer>
    </Stack>
  );
};
