import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useLocation, useSearchParams } from 'react-router-dom';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  adrEntityRefreshPermission,
  type AdrSourceStatus,
  type AdrSummary,
} from '@golden-path/plugin-adr-common';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Grid from '@mui/material/Grid';
import List from '@mui/material/List';
import Box from '@mui/material/Box';
import ListItem from '@mui/material/ListItem';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemText from '@mui/material/ListItemText';
import Stack from '@mui/material/Stack';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { adrApiRef } from '../../api/AdrApi';
import { ADR_LOCATION_ANNOTATION, isAdrAvailable } from '../../isAdrAvailable';
import { adrLabel } from '../adrLabel';
import { AdrReader } from '../AdrReader/AdrReader';
import { AdrHrefBuilder, AdrHrefProvider } from '../AdrReader/readerLinks';
import { AdrStatusChip } from '../AdrStatusChip/AdrStatusChip';

/** The ADR the tab opens without `?adr=`: the newest by date, then by number. */
function defaultAdr(items: AdrSummary[]): AdrSummary | undefined {
  return [...items].sort(
    (a, b) =>
      (b.date ?? '').localeCompare(a.date ?? '') ||
      (b.number ?? -1) - (a.number ?? -1),
  )[0];
}

/** "1 file in the ADR folder had a problem", "2 files … had 3 problems". */
function folderWarningTitle(source: AdrSourceStatus): string {
  const files = new Set(source.warnings.map(w => w.path)).size;
  const problems = source.warnings.length;
  return `${files} ${files === 1 ? 'file' : 'files'} in the ADR folder had ${
    problems === 1 ? 'a problem' : `${problems} problems`
  }`;
}

const SourceStatus = (props: { source: AdrSourceStatus }) => {
  const { source } = props;
  return (
    <Stack spacing={1}>
      {source.error && (
        <WarningPanel
          severity="error"
          defaultExpanded
          title="The ADR folder could not be read"
          message={source.error}
        >
          Annotation {ADR_LOCATION_ANNOTATION}: {source.annotation}
          {source.location && ` (resolved to ${source.location})`}
        </WarningPanel>
      )}
      {source.warnings.length > 0 && (
        <WarningPanel
          severity="warning"
          defaultExpanded
          title={folderWarningTitle(source)}
        >
          <ul aria-label="ADR folder warnings">
            {source.warnings.map(warning => (
              <li key={`${warning.path}:${warning.message}`}>
                <code>{warning.path}</code>: {warning.message}
              </li>
            ))}
          </ul>
        </WarningPanel>
      )}
    </Stack>
  );
};

/**
 * The "Decisions" tab of an entity: the state of its ADR folder, its ADRs
 * and a reader for the one selected with `?adr=<path>`.
 * @public
 */
export const EntityAdrContent = () => {
  const { entity } = useEntity();
  const adrApi = useApi(adrApiRef);
  const entityRef = stringifyEntityRef(entity);
  const [searchParams, setSearchParams] = useSearchParams();
  const { pathname } = useLocation();
  const [refreshing, setRefreshing] = useState(false);
  const [refreshError, setRefreshError] = useState<Error>();
  const available = isAdrAvailable(entity);
  // "Read now" / "Refresh" only for those allowed to refresh this entity.
  const refreshPermission = usePermission({
    permission: adrEntityRefreshPermission,
    resourceRef: entityRef,
  });
  const canRefresh = !refreshPermission.loading && refreshPermission.allowed;

  const { value, loading, error, retry } = useAsyncRetry(
    async () => (available ? adrApi.getEntityAdrs(entityRef) : undefined),
    [adrApi, entityRef, available],
  );

  // Links between ADRs stay in the tab: same entity by path, another entity
  // with its ref as well.
  const href = useMemo<AdrHrefBuilder>(
    () =>
      (ref, path, hash = '') => {
        const params = new URLSearchParams({ adr: path });
        if (ref !== entityRef) params.set('adrEntity', ref);
        // Absolute, so the link cannot resolve against a parent route.
        return `${pathname}?${params}${hash}`;
      },
    [entityRef, pathname],
  );

  const refresh = useCallback(
    async (options: { quiet?: boolean } = {}) => {
      setRefreshing(true);
      setRefreshError(undefined);
      try {
        await adrApi.refresh(entityRef);
        retry();
      } catch (e) {
        if (!options.quiet) setRefreshError(e as Error);
      } finally {
        setRefreshing(false);
      }
    },
    [adrApi, entityRef, retry],
  );

  // A folder the backend has not read yet (a new entity, or the first
  // scheduled run came before the catalog had it) is read when the tab opens,
  // once, for those allowed to refresh it; for others the next scheduled
  // reading does.
  const autoReadFor = useRef<string>();
  useEffect(() => {
    if (
      canRefresh &&
      value?.source === null &&
      autoReadFor.current !== entityRef
    ) {
      autoReadFor.current = entityRef;
      refresh({ quiet: true });
    }
  }, [canRefresh, value, entityRef, refresh]);

  if (!available) {
    return <MissingAnnotationEmptyState annotation={ADR_LOCATION_ANNOTATION} />;
  }

  if (loading && !value) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!value) return null;

  const { source, items } = value;
  const selectedPath = searchParams.get('adr') ?? defaultAdr(items)?.path;
  const selectedEntity = searchParams.get('adrEntity') ?? entityRef;

  const refreshButton = (label: string) =>
    canRefresh ? (
      <Button
        variant="outlined"
        size="small"
        onClick={() => refresh()}
        disabled={refreshing}
      >
        {refreshing ? 'Reading…' : label}
      </Button>
    ) : undefined;

  return (
    <AdrHrefProvider value={href}>
      <Stack spacing={2}>
        {source === null ? (
          <Alert severity="info" action={refreshButton('Read now')}>
            The ADR folder of this entity has not been read yet.
            {!canRefresh &&
              !refreshPermission.loading &&
              ' The next scheduled reading reads it.'}
          </Alert>
        ) : (
          <Stack direction="row" spacing={2} alignItems="center">
            <span>
              {source.adrCount} ADRs
              {source.lastReadAt &&
                `, last read ${new Date(source.lastReadAt).toLocaleString()}`}
            </span>
            {refreshButton('Refresh')}
          </Stack>
        )}
        {refreshError && <ResponseErrorPanel error={refreshError} />}
        {source && <SourceStatus source={source} />}
        {items.length === 0 ? (
          source !== null && (
            <EmptyState
              missing="content"
              title="No ADRs found"
              description={`No ADR files were found in ${
                source.location ?? source.annotation
              }. ADRs are markdown files such as 0001-record-architecture-decisions.md.`}
            />
          )
        ) : (
          <Grid container spacing={2}>
            <Grid item xs={12} md={4}>
              <InfoCard title="Decisions" noPadding>
                <List dense aria-label="Decisions of this entity">
                  {items.map(adr => (
                    <ListItem key={adr.path} disablePadding>
                      <ListItemButton
                        selected={
                          selectedEntity === entityRef &&
                          adr.path === selectedPath
                        }
                        onClick={() => setSearchParams({ adr: adr.path })}
                      >
                        <ListItemText
                          primary={adrLabel(adr)}
                          secondary={adr.date ?? undefined}
                          primaryTypographyProps={{
                            sx: {
                              whiteSpace: 'normal',
                              overflowWrap: 'anywhere',
                            },
                          }}
                          sx={{ mr: 1 }}
                        />
                        <Box sx={{ flexShrink: 0 }}>
                          <AdrStatusChip
                            status={adr.status}
                            statusRaw={adr.statusRaw}
                            stale={adr.staleProposed}
                          />
                        </Box>
                      </ListItemButton>
                    </ListItem>
                  ))}
                </List>
              </InfoCard>
            </Grid>
            <Grid item xs={12} md={8}>
              {selectedPath && (
                <InfoCard>
                  <AdrReader entityRef={selectedEntity} path={selectedPath} />
                </InfoCard>
              )}
            </Grid>
          </Grid>
        )}
      </Stack>
    </AdrHrefProvider>
  );
};
