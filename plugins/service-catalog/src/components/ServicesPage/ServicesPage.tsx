import { useMemo, useState } from 'react';
import {
  Content,
  EmptyState,
  Header,
  Page,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef, EntityRefLink } from '@backstage/plugin-catalog-react';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import useAsync from 'react-use/esm/useAsync';
import { useTierTable } from '../../hooks/useTierTable';
import { TierBadge } from '../TierBadge/TierBadge';
import { Grouping, groupKey, groupServices } from './groupServices';
import { loadServices, ServiceRow } from './loadServices';

const GROUPINGS: { value: Grouping; label: string }[] = [
  { value: 'team', label: 'By team' },
  { value: 'domain', label: 'By domain' },
  { value: 'tier', label: 'By tier' },
];

/** All services grouped by team, domain or tier, with missing metadata highlighted. */
export const ServicesPage = () => {
  const catalogApi = useApi(catalogApiRef);
  const tierTable = useTierTable();
  const {
    value: rows,
    loading,
    error,
  } = useAsync(() => loadServices(catalogApi), [catalogApi]);
  const [by, setBy] = useState<Grouping>('team');
  const [selected, setSelected] = useState<string | undefined>();

  const groups = useMemo(() => groupServices(rows ?? [], by), [rows, by]);
  const visible = useMemo(
    () =>
      selected === undefined
        ? rows ?? []
        : (rows ?? []).filter(row => groupKey(row, by) === selected),
    [rows, by, selected],
  );

  const tiers = tierTable.tiers;
  const groupLabel = (key: string) =>
    by === 'tier' && tiers && key in tiers
      ? tiers[key as keyof typeof tiers].title
      : key;
  const columns: TableColumn<ServiceRow>[] = [
    {
      title: 'Service',
      field: 'title',
      highlight: true,
      render: row => (
        <EntityRefLink entityRef={row.entityRef} title={row.title} />
      ),
    },
    { title: 'Team', field: 'owner' },
    { title: 'System', field: 'system' },
    { title: 'Domain', field: 'domain' },
    {
      title: 'Tier',
      field: 'tier',
      render: row =>
        row.tier && tiers ? <TierBadge tier={row.tier} tiers={tiers} /> : '',
    },
    { title: 'Lifecycle', field: 'lifecycle' },
    {
      title: 'Missing metadata',
      field: 'missing',
      customFilterAndSearch: (term, row) =>
        row.missing.join(' ').includes(String(term).toLowerCase()),
      render: row => (
        <Stack direction="row" spacing={0.5}>
          {row.missing.map(m => (
            <Chip key={m} size="small" color="warning" label={m} />
          ))}
        </Stack>
      ),
    },
  ];

  let content;
  if (loading) {
    content = <Progress />;
  } else if (error) {
    content = <ResponseErrorPanel error={error} />;
  } else if (!rows || rows.length === 0) {
    content = (
      <EmptyState
        missing="data"
        title="No services in the catalog yet"
        description="Register a catalog-info.yaml, or create a service from a golden-path template."
      />
    );
  } else {
    const incomplete = rows.filter(r => r.missing.length > 0).length;
    content = (
      <Stack spacing={2}>
        {tierTable.error && (
          <WarningPanel
            title="The tier table in app-config is invalid"
            message={tierTable.error.message}
          />
        )}
        <Stack direction="row" spacing={2} alignItems="center">
          <ToggleButtonGroup
            exclusive
            size="small"
            value={by}
            onChange={(_, value: Grouping | null) => {
              if (value) {
                setBy(value);
                setSelected(undefined);
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
            {rows.length} services, {incomplete} missing metadata
          </Typography>
        </Stack>
        <Stack
          direction="row"
          flexWrap="wrap"
          useFlexGap
          spacing={1}
          aria-label="Groups"
          role="list"
        >
          {groups.map(group => (
            <Chip
              key={group.key}
              role="listitem"
              clickable
              color={selected === group.key ? 'primary' : 'default'}
              variant={selected === group.key ? 'filled' : 'outlined'}
              onClick={() =>
                setSelected(selected === group.key ? undefined : group.key)
              }
              label={
                <span>
                  {groupLabel(group.key)} <strong>{group.count}</strong>
                  {group.missingMetadata > 0 && (
                    <Typography
                      component="span"
                      variant="caption"
                      color="warning.main"
                    >
                      {' '}
                      ({group.missingMetadata} missing metadata)
                    </Typography>
                  )}
                </span>
              }
            />
          ))}
        </Stack>
        <Table<ServiceRow>
          title={`${
            selected === undefined ? 'All services' : groupLabel(selected)
          } (${visible.length})`}
          options={{
            paging: true,
            pageSize: 20,
            search: true,
            padding: 'dense',
          }}
          columns={columns}
          data={visible}
        />
      </Stack>
    );
  }

  return (
    <Page themeId="tool">
      <Header
        title="Services"
        subtitle="Every service by team, domain and tier, with the metadata it still lacks"
      />
      <Content>{content}</Content>
    </Page>
  );
};
