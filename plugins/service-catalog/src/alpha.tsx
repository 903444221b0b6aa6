import {
  coreExtensionData,
  createFrontendModule,
  createFrontendPlugin,
  createRouteRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import catalogPlugin, {
  CatalogIndexPage,
} from '@backstage/plugin-catalog/alpha';
import { RiServerLine } from '@remixicon/react';
import {
  CatalogFilterBlueprint,
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { ANNOTATION_LOCAL_REPOSITORY } from '@golden-path/plugin-golden-path-common';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import { Fragment } from 'react';
import { z } from 'zod/v4';
import {
  catalogExportCustomizationRef,
  resolveExportSettings,
} from './components/CatalogColumns/exportSettings';
import { placeTierFilter } from './components/TierPicker/placeTierFilter';

const KINDS = ['Component', 'System', 'API'];

/**
 * The "Ownership & operations" card on Component, System and API pages.
 * @public
 */
export const entityOwnershipCard = EntityCardBlueprint.make({
  name: 'ownership',
  params: {
    type: 'info',
    filter: entity => KINDS.includes(entity.kind),
    loader: () =>
      import('./components/OwnershipCard/OwnershipCard').then(m => (
        <m.OwnershipCard />
      )),
  },
});

/**
 * The "Repository" tab of entities the portal's templates created (marked
 * golden-path.io/local-repository by the catalog): clone command, branches
 * and a read-only file view, served by the golden-path backend.
 * @public
 */
export const entityRepositoryContent = EntityContentBlueprint.make({
  name: 'repository',
  params: {
    path: 'repository',
    title: 'Repository',
    filter: entity =>
      Boolean(entity.metadata.annotations?.[ANNOTATION_LOCAL_REPOSITORY]),
    loader: () =>
      import('./components/RepositoryContent/RepositoryContent').then(m => (
        <m.RepositoryContent />
      )),
  },
});

/**
 * The "Tier" filter on the catalog index page.
 * @public
 */
export const catalogTierFilter = CatalogFilterBlueprint.make({
  name: 'tier',
  params: {
    loader: () =>
      import('./components/TierPicker/TierPicker').then(m => <m.TierPicker />),
  },
});

/**
 * The scaffolder form field `ui:field: GoldenPathServiceName`: refuses a
 * malformed name or one already in the catalog before the task starts.
 * @public
 */
export const serviceNameFormField = FormFieldBlueprint.make({
  name: 'service-name',
  params: {
    field: () =>
      import('./components/ServiceNameField/formField').then(
        m => m.serviceNameFormField,
      ),
  },
});

/**
 * The scaffolder form field `ui:field: GoldenPathText`: a one-line text
 * field whose errors are said in words as the user types.
 * @public
 */
export const goldenPathTextFormField = FormFieldBlueprint.make({
  name: 'golden-path-text',
  params: {
    field: () =>
      import('./components/ServiceNameField/formField').then(
        m => m.goldenPathTextFormField,
      ),
  },
});

/**
 * The scaffolder form field `ui:field: GoldenPathEntityPicker`: chooses an
 * entity of one kind, showing titles (refs in tooltips).
 * @public
 */
export const entityTitlePickerFormField = FormFieldBlueprint.make({
  name: 'golden-path-entity-picker',
  params: {
    field: () =>
      import('./components/ServiceNameField/formField').then(
        m => m.entityTitlePickerFormField,
      ),
  },
});

const servicesRouteRef = createRouteRef();

/**
 * The Services page at /services, in the sidebar.
 * @public
 */
export const servicesPage = PageBlueprint.make({
  name: 'services',
  params: {
    path: '/services',
    routeRef: servicesRouteRef,
    title: 'Services',
    icon: <RiServerLine />,
    loader: () =>
      import('./components/ServicesPage/ServicesPage').then(m => (
        <m.ServicesPage />
      )),
  },
});

/**
 * The catalog's own `page:catalog`, with a "Tier" column (Component, API and
 * System). Only the page's loader changes: path, title, icon, route, the
 * `filters` input (Backstage's filters and the tier filter), the `pagination`
 * and `exportSettings` config and the `exportConfig` input work as before.
 * Config `tierColumn: false` shows Backstage's default columns only.
 * @public
 */
export const catalogIndexPageWithTierColumn = catalogPlugin
  .getExtension('page:catalog')
  .override({
    configSchema: { tierColumn: z.boolean().default(true) },
    factory(originalFactory, { inputs, config }) {
      return originalFactory({
        params: {
          loader: async () => {
            const { goldenPathCatalogColumns } = await import(
              './components/CatalogColumns/goldenPathCatalogColumns'
            );
            const filters = placeTierFilter(inputs.filters).map(filter => (
              <Fragment key={filter.node.spec.id}>
                {filter.get(coreExtensionData.reactElement)}
              </Fragment>
            ));
            const exportSettings = resolveExportSettings(
              config.exportSettings,
              inputs.exportConfig.map(contribution =>
                contribution.get(catalogExportCustomizationRef),
              ),
            );
            return (
              <CatalogIndexPage
                filters={<>{filters}</>}
                columns={
                  config.tierColumn ? goldenPathCatalogColumns : undefined
                }
                pagination={config.pagination}
                exportSettings={exportSettings}
              />
            );
          },
        },
      });
    },
  });

/**
 * Adds the "Tier" column to the catalog index page of the new frontend
 * system: install it next to the catalog plugin.
 * @public
 */
export const catalogTierColumnModule = createFrontendModule({
  pluginId: 'catalog',
  extensions: [catalogIndexPageWithTierColumn],
});

/** The Golden Path service catalog plugin (new frontend system). */
export default createFrontendPlugin({
  pluginId: 'service-catalog',
  routes: { services: servicesRouteRef },
  extensions: [
    entityOwnershipCard,
    entityRepositoryContent,
    catalogTierFilter,
    servicesPage,
    serviceNameFormField,
    goldenPathTextFormField,
    entityTitlePickerFormField,
  ],
});
