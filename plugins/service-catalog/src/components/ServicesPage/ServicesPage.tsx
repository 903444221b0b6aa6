import { ReactNode, useEffect, useMemo, useState } from 'react';
import {
  Content,
  EmptyState,
  Header,
  Page,
  Progress,
  ResponseErrorPanel,
  WarningPanel,
} from '@backstage/core-components';
import {
  discoveryApiRef,
  fetchApiRef,
  useApi,
} from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { DEFAULT_TIER_TABLE } from '@golden-path/plugin-golden-path-common';
import Chip from '@mui/material/Chip';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TablePagination from '@mui/material/TablePagination';
import TableSortLabel from '@mui/material/TableSortLabel';
import TextField from '@mui/material/TextField';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import useAsync from 'react-use/esm/useAsync';
import useDebounce from 'react-use/esm/useDebounce';
import { useTierTable } from '../../hooks/useTierTable';
import { TierBadge } from '../TierBadge/TierBadge';
import {
  Grouping,
  NamedRef,
  ServiceGroup,
  ServiceRow,
  servicesClient,
  ServicesResponse,
  ServiceSort,
} from './servicesApi';

const ROWS_PER_PAGE = [25, 50, 100];

/** How long the search waits after the last key before it asks the backend. */
export const SEARCH_DEBOUNCE_MS = 300;

const GROUPINGS: { value: Grouping; label: string }[] = [
  { value: 'team', label: 'By team' },
  { value: 'domain', label: 'By domain' },
  { value: 'tier', label: 'By tier' },
];

const SUBTITLE =
  'Every service by team, domain and tier, with the metadata it still lacks';

type Column = {
  sort: ServiceSort;
  label: string;
  /** The grouping that makes this column redundant (its value is the group's). */
  groupedBy?: Grouping;
  render: (
    row: ServiceRow,
    tiers: ReturnType<typeof useTierTable>,
  ) => ReactNode;
};

/** A link to an entity by its title; the ref in the tooltip only. */
const NamedLink = ({ named }: { named?: NamedRef }) =>
  named ? (
    <Tooltip title={named.ref} describeChild>
      <span>
        <EntityRefLink entityRef={named.ref} title={named.title} hideIcon />
      </span>
    </Tooltip>
  ) : (
    <Typography component="span" variant="body2" color="text.secondary">
      —
    </Typography>
  );

const COLUMNS: Column[] = [
  {
    sort: 'service',
    label: 'Service',
    render: row => (
      <Typography component="span" variant="body2" fontWeight="bold">
        <EntityRefLink entityRef={row.entityRef} title={row.title} hideIcon />
      </Typography>
    ),
  },
  {
    sort: 'team',
    label: 'Team',
    groupedBy: 'team',
    render: row => <NamedLink named={row.owner} />,
  },
  {
    sort: 'system',
    label: 'System',
    render: row => <NamedLink named={row.system} />,
  },
  {
    sort: 'domain',
    label: 'Domain',
    groupedBy: 'domain',
    render: row => <NamedLink named={row.domain} />,
  },
  {
    sort: 'tier',
    label: 'Tier',
    groupedBy: 'tier',
    render: (row, { tiers }) => {
      if (!row.tier) {
        return (
          <Typography component="span" variant="body2" color="text.secondary">
            —
          </Typography>
        );
      }
      return tiers ? (
        <TierBadge tier={row.tier} tiers={tiers} />
      ) : (
        DEFAULT_TIER_TABLE[row.tier].title
      );
    },
  },
  { sort: 'lifecycle', label: 'Lifecycle', render: row => row.lifecycle },
  {
    sort: 'missing',
    label: 'Missing metadata',
    render: row => (
      <Stack direction="row" flexWrap="wrap" useFlexGap spacing={0.5}>
        {row.missing.map(m => (
          <Chip key={m} size="small" color="warning" label={m} />
        ))}
      </Stack>
    ),
  },
];

const GroupHeading = ({ group }: { group: ServiceGroup }) => (
  <>
    {group.entityRef ? (
      <EntityRefLink entityRef={group.entityRef} title={group.title} hideIcon />
    ) : (
      group.title
    )}{' '}
    <Typography component="span" variant="body2" color="text.secondary">
      · {group.count} {group.count === 1 ? 'service' : 'services'}
      {group.missingMetadata > 0 &&
        `, ${group.missingMetadata} missing metadata`}
    </Typography>
  </>
);

/** The page's rows in runs of one group, in the order the backend sent them. */
function runsOf(response: ServicesResponse) {
  const groups = new Map(response.groups.map(g => [g.key, g]));
  const runs: { group: ServiceGroup; rows: ServiceRow[] }[] = [];
  for (const row of response.items) {
    const last = runs[runs.length - 1];
    if (last && last.group.key === row.group) {
      last.rows.push(row);
    } else {
      const group = groups.get(row.group ?? '') ?? {
        key: row.group ?? '',
        title: '',
        count: 0,
        missingMetadata: 0,
      };
      runs.push({ group, rows: [row] });
    }
  }
  return runs;
}

/**
 * All services in a table grouped by team, domain or tier (a heading row per
 * group), with missing metadata highlighted. A group's chip shows only that
 * group; the headers sort within the groups (Tier in tier order). Titles are
 * shown, refs only in tooltips. The golden-path backend groups, sorts,
 * searches and pages (GET /api/golden-path/services); the page shows one
 * page of rows at a time.
 *
 * `header` draws the page's own Backstage header (legacy frontend system);
 * in the new frontend system the page blueprint draws the app's header.
 */
export const ServicesPage = (props: { header?: boolean }) => {
  const discoveryApi = useApi(discoveryApiRef);
  const fetchApi = useApi(fetchApiRef);
  const client = useMemo(
    () => servicesClient(discoveryApi, fetchApi),
    [discoveryApi, fetchApi],
  );
  const tierTable = useTierTable();
  const [by, setBy] = useState<Grouping>('team');
  const [selected, setSelected] = useState<string | undefined>();
  const [sort, setSort] = useState<ServiceSort>('service');
  const [order, setOrder] = useState<'asc' | 'desc'>('asc');
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const [page, setPage] = useState(0);
  const [rowsPerPage, setRowsPerPage] = useState(50);
  useDebounce(
    () => {
      const next = text.trim();
      if (next !== q) {
        setQ(next);
        setPage(0);
      }
    },
    SEARCH_DEBOUNCE_MS,
    [text],
  );
  const { value, loading, error } = useAsync(
    () =>
      client.list({
        offset: page * rowsPerPage,
        limit: rowsPerPage,
        sort,
        order,
        q: q || undefined,
        groupBy: by,
        group: selected,
      }),
    [client, page, rowsPerPage, sort, order, q, by, selected],
  );
  // The last answer stays on screen while the next page loads.
  const [shown, setShown] = useState<ServicesResponse | undefined>();
  useEffect(() => {
    if (value) setShown(value);
  }, [value]);
  const response = value ?? shown;

  const columns = COLUMNS.filter(column => column.groupedBy !== by);
  const selectedGroup = response?.groups.find(group => group.key === selected);

  let content;
  if (error && !response) {
    content = <ResponseErrorPanel error={error} />;
  } else if (!response) {
    content = <Progress />;
  } else if (response.summary.services === 0) {
    content = (
      <EmptyState
        missing="data"
        title="No services in the catalog yet"
        description="Register a catalog-info.yaml, or create a service from a golden-path template."
      />
    );
  } else {
    const runs = runsOf(response);
    content = (
      <Stack spacing={2}>
        {/* A later page that failed: the last one stays, with the error. */}
        {error && <ResponseErrorPanel error={error} />}
        {tierTable.error && (
          <WarningPanel
            title="The tier table in app-config is invalid"
            message={tierTable.error.message}
          />
        )}
        <Stack
          direction="row"
          spacing={2}
          alignItems="center"
          flexWrap="wrap"
          useFlexGap
        >
          <ToggleButtonGroup
            exclusive
            size="small"
            aria-label="Group services"
            value={by}
            onChange={(_, next: Grouping | null) => {
              if (next) {
                setBy(next);
                setSelected(undefined);
                setPage(0);
              }
            }}
          >
            {GROUPINGS.map(g => (
              <ToggleButton key={g.value} value={g.value}>
                {g.label}
              </ToggleButton>
            ))}
          </ToggleButtonGroup>
          <Typography variant="body2" color="text.secondary">
            {response.summary.services} services,{' '}
            {response.summary.missingMetadata} missing metadata
          </Typography>
          <TextField
            size="small"
            placeholder="Filter services"
            inputProps={{ 'aria-label': 'Filter services' }}
            value={text}
            onChange={event => setText(event.target.value)}
            sx={{ marginLeft: 'auto' }}
          />
        </Stack>
        <Stack
          direction="row"
          flexWrap="wrap"
          useFlexGap
          spacing={1}
          aria-label="Groups"
          role="group"
        >
          {response.groups.map(group => {
            const on = selected === group.key;
            return (
              <Chip
                key={group.key}
                clickable
                aria-pressed={on}
                color={on ? 'primary' : 'default'}
                variant={on ? 'filled' : 'outlined'}
                onClick={() => {
                  setSelected(on ? undefined : group.key);
                  setPage(0);
                }}
                label={
                  <span>
                    {group.title} <strong>{group.count}</strong>
                    {group.missingMetadata > 0 && (
                      <Typography
                        component="span"
                        variant="caption"
                        color={on ? 'inherit' : 'warning.main'}
                      >
                        {' '}
                        ({group.missingMetadata} missing metadata)
                      </Typography>
                    )}
                  </span>
                }
              />
            );
          })}
        </Stack>
        <Paper variant="outlined">
          <Stack
            direction="row"
            alignItems="center"
            spacing={1}
            sx={{ px: 2, pt: 2, pb: 1 }}
          >
            <Typography variant="h6" component="h2">
              {selectedGroup ? selectedGroup.title : 'All services'} (
              {response.totalItems})
            </Typography>
            {selected !== undefined && (
              <Chip
                size="small"
                label="Show all groups"
                onClick={() => {
                  setSelected(undefined);
                  setPage(0);
                }}
              />
            )}
            {loading && (
              <Typography
                variant="caption"
                color="text.secondary"
                role="status"
              >
                Loading…
              </Typography>
            )}
          </Stack>
          <Table
            size="small"
            aria-label="Services"
            aria-busy={loading}
            sx={{
              '& th, & td': { wordBreak: 'normal', overflowWrap: 'normal' },
              '& thead th': { whiteSpace: 'nowrap', fontWeight: 'bold' },
            }}
          >
            <TableHead>
              <TableRow>
                {columns.map(column => {
                  const active = sort === column.sort;
                  let ariaSort: 'ascending' | 'descending' | undefined;
                  if (active) {
                    ariaSort = order === 'asc' ? 'ascending' : 'descending';
                  }
                  return (
                    <TableCell key={column.sort} aria-sort={ariaSort}>
                      <TableSortLabel
                        active={active}
                        direction={active ? order : 'asc'}
                        onClick={() => {
                          setOrder(active && order === 'asc' ? 'desc' : 'asc');
                          setSort(column.sort);
                          setPage(0);
                        }}
                      >
                        {column.label}
                      </TableSortLabel>
                    </TableCell>
                  );
                })}
              </TableRow>
            </TableHead>
            {runs.map(run => (
              <TableBody
                key={`${run.group.key}-${run.rows[0].entityRef}`}
                data-testid="service-group"
              >
                <TableRow>
                  <TableCell
                    component="th"
                    scope="rowgroup"
                    colSpan={columns.length}
                    sx={{ backgroundColor: 'action.hover', fontWeight: 'bold' }}
                  >
                    <GroupHeading group={run.group} />
                  </TableCell>
                </TableRow>
                {run.rows.map(row => (
                  <TableRow key={row.entityRef} hover>
                    {columns.map(column => (
                      <TableCell key={column.sort}>
                        {column.render(row, tierTable)}
                      </TableCell>
                    ))}
                  </TableRow>
                ))}
              </TableBody>
            ))}
            {runs.length === 0 && (
              <TableBody>
                <TableRow>
                  <TableCell colSpan={columns.length}>
                    {q
                      ? `No services match “${q}”.`
                      : 'No services in this group.'}
                  </TableCell>
                </TableRow>
              </TableBody>
            )}
          </Table>
          <TablePagination
            component="div"
            count={response.totalItems}
            page={
              response.totalItems > 0 &&
              page * rowsPerPage >= response.totalItems
                ? 0
                : page
            }
            rowsPerPage={rowsPerPage}
            rowsPerPageOptions={ROWS_PER_PAGE}
            onPageChange={(_, next) => setPage(next)}
            onRowsPerPageChange={event => {
              setRowsPerPage(Number(event.target.value));
              setPage(0);
            }}
          />
        </Paper>
      </Stack>
    );
  }

  if (props.header) {
    return (
      <Page themeId="tool">
        <Header title="Services" subtitle={SUBTITLE} />
        <Content>{content}</Content>
      </Page>
    );
  }
  return (
    <Content>
      <Typography variant="body1" color="text.secondary" sx={{ mb: 2 }}>
        {SUBTITLE}
      </Typography>
      {content}
    </Content>
  );
};

/** The Services page with its own header, for the legacy frontend system. */
export const ServicesPageWithHeader = () => <ServicesPage header />;
