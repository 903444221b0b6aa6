import { useMemo, useState } from 'react';
import { EmptyState } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { serviceChoices } from '@golden-path/plugin-golden-path-common';
import {
  OrgPage,
  PageSection,
  ServiceFilters,
  useFilteredOverview,
} from '@golden-path/plugin-golden-path-react';
import Button from '@mui/material/Button';
import Box from '@mui/material/Box';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { goldenPathApiRef } from '../../api/GoldenPathApi';
import type { DriftResponse } from '../../api/types';
import { FleetUpgrade } from '../FleetUpgrade/FleetUpgrade';
import {
  FleetRunService,
  useFleetUpgrade,
} from '../FleetUpgrade/useFleetUpgrade';
import { DriftSummary } from './DriftSummary';
import {
  GoldenPathPageView,
  hasFilters,
  NO_FILTERS,
  readGoldenPathPageView,
  writeGoldenPathPageView,
} from './goldenPathPageSearchParams';
import { RefreshDrift } from './RefreshDrift';
import { ServicesTable } from './ServicesTable';
import { TemplateCard } from './TemplateCard';

const SUBTITLE =
  'Which services are on which version of their golden-path template, what changed since, and upgrades onto a branch of each';

const NotComputedYet = () => (
  <EmptyState
    missing="content"
    title="No drift computed yet"
    description={
      <>
        The golden-path backend compares every component with the template it
        was created from (its <code>golden-path.io/template</code> and{' '}
        <code>golden-path.io/template-version</code> annotations) on its
        schedule. Press <strong>Refresh</strong> to compute it now; if this
        stays empty, the backend log says why.
      </>
    }
  />
);

/** The services, counts and templates of a loaded overview. */
const Drift = (props: {
  overview: DriftResponse;
  view: GoldenPathPageView;
  onSort: (
    sort: GoldenPathPageView['sort'],
    order: GoldenPathPageView['order'],
  ) => void;
  selected: ReadonlySet<string>;
  onSelectedChange: (selected: Set<string>) => void;
  selectionDisabled: boolean;
  fleetUpgrade: React.ReactNode;
}) => {
  const { overview, view, onSort } = props;
  // Components not created from a template have nothing to upgrade: they
  // are counted in the summary and listed only on request.
  const [showAll, setShowAll] = useState(false);
  const notFromTemplate = overview.services.filter(
    s => s.status === 'not-from-template',
  ).length;
  const shown = showAll
    ? overview.services
    : overview.services.filter(s => s.status !== 'not-from-template');
  return (
    <>
      <PageSection title="Summary">
        <DriftSummary counts={overview.counts} />
      </PageSection>
      <PageSection title="Templates">
        {overview.templates.length === 0 ? (
          <Typography variant="body2" color="text.secondary">
            No golden-path template in the catalog: a template joins the golden
            path with a <code>golden-path.io/template-version</code> annotation.
          </Typography>
        ) : (
          <Box
            sx={{
              display: 'grid',
              gap: 2,
              gridTemplateColumns:
                'repeat(auto-fill, minmax(min(480px, 100%), 1fr))',
            }}
          >
            {overview.templates.map(template => (
              <TemplateCard key={template.ref} template={template} />
            ))}
          </Box>
        )}
      </PageSection>
      <PageSection title="Services">
        {props.fleetUpgrade}
        <ServicesTable
          services={shown}
          view={view}
          onSort={onSort}
          selected={props.selected}
          onSelectedChange={props.onSelectedChange}
          selectionDisabled={props.selectionDisabled}
        />
        {notFromTemplate > 0 && (
          <Box sx={{ mt: 1 }}>
            <Button size="small" onClick={() => setShowAll(!showAll)}>
              {showAll
                ? `Hide the ${notFromTemplate} not from a template`
                : `Also list the ${notFromTemplate} not from a template`}
            </Button>
          </Box>
        )}
      </PageSection>
    </>
  );
};

/**
 * The golden-path page at /golden-path: per template, which services are on
 * which version and what changed between versions; every service with its
 * template and chassis versions and how far behind it is, filtered by
 * owner, system and tier (kept in the URL); fleet upgrades of the selected
 * services through the upgrade-service template.
 * @public
 */
export const GoldenPathPage = (props: {
  /**
   * Leave out the page's own Backstage header: the new frontend system's
   * page header names the page instead.
   */
  noHeader?: boolean;
}) => {
  const goldenPathApi = useApi(goldenPathApiRef);
  const {
    view,
    filters,
    filtered,
    overview,
    choiceServices,
    setView,
    setFilters,
  } = useFilteredOverview({
    read: readGoldenPathPageView,
    write: writeGoldenPathPageView,
    hasFilters,
    load: query => goldenPathApi.getDrift(query),
    deps: [goldenPathApi],
  });
  // The fleet run lives here, not in the table's section: it goes on while
  // the filters change, even to a view without services.
  const fleet = useFleetUpgrade();
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const services = overview.value?.services;
  // Only services shown and upgradeable count, whatever was ticked before
  // a filter changed.
  const selectedServices: FleetRunService[] = useMemo(
    () =>
      (services ?? [])
        .filter(
          s => s.upgradeable && s.latestVersion && selected.has(s.entityRef),
        )
        .map(s => ({
          entityRef: s.entityRef,
          title: s.title,
          version: s.latestVersion!,
        })),
    [services, selected],
  );
  const fleetUpgrade = (
    <FleetUpgrade
      selected={selectedServices}
      run={fleet.run}
      running={fleet.running}
      onStart={started => {
        fleet.start(started);
        setSelected(new Set());
      }}
      onClear={fleet.clear}
    />
  );
  // The pickers count owners and systems over the services offered.
  const filterChoices = useMemo(
    () =>
      serviceChoices(
        choiceServices.map(s => ({
          owner: s.ownerRef ?? null,
          system: s.systemRef ?? null,
        })),
      ),
    [choiceServices],
  );

  const value = overview.value;
  return (
    <OrgPage
      title="Golden path"
      subtitle={SUBTITLE}
      noHeader={props.noHeader}
      state={overview}
      filtered={filtered}
      onClearFilters={() => setFilters(NO_FILTERS)}
      isEmpty={answer => answer.services.length === 0}
      hasNothingYet={answer =>
        answer.services.length === 0 && answer.templates.length === 0
      }
      nothingYet={<NotComputedYet />}
      aboveNoMatch={fleet.run && fleetUpgrade}
      controls={
        <>
          <Stack spacing={1} component="section" aria-label="Filters">
            <ServiceFilters
              filters={view.filters}
              choices={filterChoices}
              filtered={filtered}
              onChange={setFilters}
              cleared={NO_FILTERS}
            />
          </Stack>
          <RefreshDrift
            generatedAt={value?.generatedAt}
            filters={filters}
            onRefreshed={overview.retry}
          />
        </>
      }
    >
      {answer => (
        <Drift
          overview={answer}
          view={view}
          onSort={(sort, order) => setView({ ...view, sort, order })}
          selected={selected}
          onSelectedChange={setSelected}
          selectionDisabled={fleet.running}
          fleetUpgrade={fleetUpgrade}
        />
      )}
    </OrgPage>
  );
};
