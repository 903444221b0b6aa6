import { useMemo } from 'react';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { isTierName } from '@golden-path/plugin-golden-path-common';
import {
  SortableHeader,
  TierChip,
} from '@golden-path/plugin-golden-path-react';
import Checkbox from '@mui/material/Checkbox';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import type { ServiceDrift } from '../../api/types';
import {
  behindWords,
  chassisWords,
  DRIFT_STATUS_TEXT,
  versionWords,
} from '../driftWords';
import type {
  GoldenPathPageView,
  ServiceSortKey,
} from './goldenPathPageSearchParams';
import { sortServices } from './sortServices';

/** The direction a column starts in: what needs an upgrade on top. */
const FIRST_ORDER: Record<ServiceSortKey, 'asc' | 'desc'> = {
  service: 'asc',
  owner: 'asc',
  tier: 'asc',
  version: 'asc',
  chassis: 'asc',
  behind: 'desc',
  status: 'asc',
};

const COLUMNS: Array<{ key: ServiceSortKey; label: string }> = [
  { key: 'service', label: 'Service' },
  { key: 'owner', label: 'Owner' },
  { key: 'tier', label: 'Tier' },
  { key: 'version', label: 'Template version' },
  { key: 'chassis', label: 'Chassis' },
  { key: 'behind', label: 'Behind' },
  { key: 'status', label: 'Status' },
];

/** Headers read as words: never broken inside one. */
const TABLE_SX = {
  tableLayout: 'auto',
  '& th': { whiteSpace: 'nowrap' },
  '& td': { verticalAlign: 'top' },
  '& th, & td': { px: 1 },
  '& th:first-of-type, & td:first-of-type': { pl: 1, pr: 0, width: 40 },
} as const;

/** Why a service cannot be selected for an upgrade. */
function notUpgradeableReason(row: ServiceDrift): string {
  if (row.status === 'current') return 'Already on the current version';
  if (row.status === 'not-from-template') {
    return 'Not created from a golden-path template';
  }
  return row.error ?? 'The upgrade template cannot upgrade this service';
}

const StatusCell = (props: { row: ServiceDrift }) => {
  const { row } = props;
  const text = DRIFT_STATUS_TEXT[row.status];
  return (
    <Stack spacing={0.25} alignItems="flex-start">
      <Typography
        variant="body2"
        fontWeight={600}
        color={text.color}
        data-testid="drift-status"
      >
        {text.short}
      </Typography>
      {row.error && (
        <Tooltip title={row.error}>
          <Typography
            variant="caption"
            color="text.secondary"
            tabIndex={0}
            sx={{ textDecoration: 'underline dotted', cursor: 'help' }}
            data-testid="drift-error"
          >
            Not fully read
          </Typography>
        </Tooltip>
      )}
    </Stack>
  );
};

const TemplateVersionCell = (props: {
  row: ServiceDrift;
  showTemplate: boolean;
}) => {
  const { row, showTemplate } = props;
  return (
    <Stack spacing={0.25}>
      <Typography variant="body2" data-testid="drift-version">
        {versionWords(row.version)}
      </Typography>
      {showTemplate && row.templateTitle && (
        <Typography variant="caption" color="text.secondary">
          {row.templateTitle}
        </Typography>
      )}
    </Stack>
  );
};

/**
 * Every service with its template version, chassis version, how far behind
 * it is and where it stands, sorted by any column; a checkbox selects the
 * upgradeable ones for a fleet upgrade. Eight narrow columns whose text
 * wraps between words: it fits a 1280 px window without scrolling sideways.
 */
export const ServicesTable = (props: {
  services: ReadonlyArray<ServiceDrift>;
  view: Pick<GoldenPathPageView, 'sort' | 'order'>;
  onSort: (sort: ServiceSortKey, order: 'asc' | 'desc') => void;
  selected: ReadonlySet<string>;
  onSelectedChange: (selected: Set<string>) => void;
  /** Selection is locked while a fleet upgrade runs. */
  selectionDisabled?: boolean;
}) => {
  const { services, view, onSort, selected, onSelectedChange } = props;
  const rows = useMemo(
    () => sortServices(services, view.sort, view.order),
    [services, view.sort, view.order],
  );
  const upgradeable = rows.filter(row => row.upgradeable);
  const selectedShown = upgradeable.filter(row =>
    selected.has(row.entityRef),
  ).length;
  const allSelected =
    upgradeable.length > 0 && selectedShown === upgradeable.length;
  const showTemplate =
    new Set(rows.map(row => row.templateRef).filter(Boolean)).size > 1;

  const toggle = (entityRef: string, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(entityRef);
    else next.delete(entityRef);
    onSelectedChange(next);
  };
  const toggleAll = () => {
    const next = new Set(selected);
    for (const row of upgradeable) {
      if (allSelected) next.delete(row.entityRef);
      else next.add(row.entityRef);
    }
    onSelectedChange(next);
  };

  return (
    <TableContainer component={Paper}>
      <Table size="small" aria-label="Services" sx={TABLE_SX}>
        <TableHead>
          <TableRow>
            <TableCell padding="checkbox">
              <Checkbox
                size="small"
                checked={allSelected}
                indeterminate={selectedShown > 0 && !allSelected}
                disabled={props.selectionDisabled || upgradeable.length === 0}
                onChange={toggleAll}
                inputProps={{ 'aria-label': 'Select all upgradeable shown' }}
              />
            </TableCell>
            {COLUMNS.map(column => (
              <SortableHeader
                key={column.key}
                column={column.key}
                label={column.label}
                sort={view.sort}
                order={view.order}
                firstOrder={FIRST_ORDER[column.key]}
                onSort={onSort}
              />
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map(row => (
            <TableRow
              key={row.entityRef}
              data-testid="drift-service-row"
              data-entity-ref={row.entityRef}
              data-status={row.status}
              selected={selected.has(row.entityRef)}
            >
              <TableCell padding="checkbox">
                <Tooltip
                  title={row.upgradeable ? '' : notUpgradeableReason(row)}
                >
                  <span>
                    <Checkbox
                      size="small"
                      checked={row.upgradeable && selected.has(row.entityRef)}
                      disabled={props.selectionDisabled || !row.upgradeable}
                      onChange={event =>
                        toggle(row.entityRef, event.target.checked)
                      }
                      inputProps={{ 'aria-label': `Select ${row.title}` }}
                    />
                  </span>
                </Tooltip>
              </TableCell>
              <TableCell sx={{ minWidth: 120 }}>
                <EntityRefLink entityRef={row.entityRef}>
                  {row.title}
                </EntityRefLink>
              </TableCell>
              <TableCell sx={{ minWidth: 100 }}>
                {row.ownerRef ? (
                  <EntityRefLink entityRef={row.ownerRef} defaultKind="group">
                    {row.ownerTitle}
                  </EntityRefLink>
                ) : (
                  '—'
                )}
              </TableCell>
              <TableCell>
                <TierChip
                  tier={isTierName(row.tier) ? row.tier : null}
                  emptyLabel="No tier"
                />
              </TableCell>
              <TableCell>
                <TemplateVersionCell row={row} showTemplate={showTemplate} />
              </TableCell>
              <TableCell data-testid="drift-chassis">
                {chassisWords(row.chassisVersion)}
              </TableCell>
              <TableCell data-testid="drift-behind">
                {behindWords(row.behind)}
              </TableCell>
              <TableCell>
                <StatusCell row={row} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
};
