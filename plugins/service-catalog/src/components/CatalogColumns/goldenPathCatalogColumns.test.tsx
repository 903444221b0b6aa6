import { Entity, RELATION_OWNED_BY } from '@backstage/catalog-model';
import { configApiRef } from '@backstage/core-plugin-api';
import { CatalogTable, CatalogTableRow } from '@backstage/plugin-catalog';
import {
  EntityKindFilter,
  EntityListContextProps,
  entityRouteRef,
  MockEntityListContextProvider,
  MockStarredEntitiesApi,
  starredEntitiesApiRef,
} from '@backstage/plugin-catalog-react';
import {
  MockConfigApi,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import {
  createTierColumn,
  goldenPathCatalogColumns,
  readableColumn,
} from './goldenPathCatalogColumns';
import { TierCell } from './TierCell';

const component = (name: string, tier?: unknown): Entity =>
  ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      annotations: tier === undefined ? {} : { 'golden-path.io/tier': tier },
    },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
    relations: [{ type: RELATION_OWNED_BY, targetRef: 'group:default/team-a' }],
  } as Entity);

const row = (entity: Entity): CatalogTableRow => ({
  entity,
  resolved: {
    name: entity.metadata.name,
    entityRef: `component:default/${entity.metadata.name}`,
    partOfSystemRelations: [],
    ownedByRelationsTitle: 'team-a',
    ownedByRelations: [{ kind: 'group', namespace: 'default', name: 'team-a' }],
  },
});

const listContext = (
  kind: string | undefined,
  entities: Entity[] = [],
): EntityListContextProps => ({
  filters: kind ? { kind: new EntityKindFilter(kind, kind) } : {},
  entities,
  backendEntities: entities,
  updateFilters: jest.fn(),
  queryParameters: {},
  loading: false,
  totalItemsLoading: false,
  limit: 20,
  setLimit: jest.fn(),
  paginationMode: 'none',
});

/** "Tier" for our column, the field (owner: resolved.ownedByRelationsTitle) for Backstage's. */
const columnIds = (context: EntityListContextProps) =>
  goldenPathCatalogColumns(context).map(c =>
    c.title === 'Tier' ? 'Tier' : c.field,
  );

const OWNER = 'resolved.ownedByRelationsTitle';

describe('goldenPathCatalogColumns', () => {
  it.each(['component', 'api', 'system', 'Component'])(
    'adds Tier right after Owner for kind %s, keeping the default columns',
    kind => {
      const ids = columnIds(listContext(kind));
      expect(ids.filter(id => id === 'Tier')).toHaveLength(1);
      expect(ids[ids.indexOf(OWNER) + 1]).toBe('Tier');
      expect(ids.filter(id => id !== 'Tier')).toEqual(
        CatalogTable.defaultColumnsFunc(listContext(kind)).map(c => c.field),
      );
    },
  );

  it.each(['group', 'user', 'resource', 'template', undefined])(
    'keeps the default columns for kind %s',
    kind => {
      expect(columnIds(listContext(kind))).not.toContain('Tier');
      expect(goldenPathCatalogColumns(listContext(kind))).toHaveLength(
        CatalogTable.defaultColumnsFunc(listContext(kind)).length,
      );
    },
  );

  it.each(['component', 'group', undefined])(
    'wraps names, systems and owners between words only, never inside one (kind %s)',
    kind => {
      const columns = goldenPathCatalogColumns(listContext(kind));
      for (const field of [
        'resolved.entityRef',
        'resolved.partOfSystemRelationTitle',
        OWNER,
      ]) {
        const column = columns.find(c => c.field === field);
        if (!column) continue;
        expect(column.cellStyle).toMatchObject({
          wordBreak: 'normal',
          overflowWrap: 'normal',
        });
      }
      expect(
        columns.find(c => c.field === 'resolved.entityRef')?.cellStyle,
      ).toBeDefined();
      for (const column of columns) {
        expect(column.headerStyle).toMatchObject({
          whiteSpace: 'nowrap',
          wordBreak: 'normal',
        });
      }
    },
  );

  it('keeps types, lifecycles and the tier on one line', () => {
    const columns = goldenPathCatalogColumns(listContext('component'));
    for (const field of ['entity.spec.type', 'entity.spec.lifecycle']) {
      expect(columns.find(c => c.field === field)?.cellStyle).toMatchObject({
        whiteSpace: 'nowrap',
      });
    }
    expect(columns.find(c => c.title === 'Tier')?.cellStyle).toMatchObject({
      whiteSpace: 'nowrap',
    });
  });

  it('hides the wide Tags column but keeps tags searchable', () => {
    const tags = goldenPathCatalogColumns(listContext('component')).find(
      c => c.field === 'entity.metadata.tags',
    );
    expect(tags).toMatchObject({ hidden: true, searchable: true });
  });

  it('keeps a cell style function of a column, adding the word rules', () => {
    const style = jest.fn(() => ({ color: 'red' }));
    const column = readableColumn({
      field: 'resolved.entityRef',
      cellStyle: style,
    });
    expect(typeof column.cellStyle).toBe('function');
    expect((column.cellStyle as Function)(undefined, {}, {})).toEqual({
      color: 'red',
      wordBreak: 'normal',
      overflowWrap: 'normal',
      paddingLeft: 12,
      paddingRight: 8,
    });
  });

  it.each(['component', 'api', 'system', 'group', undefined])(
    'sizes every column by its content, no share of the width that can push the actions out (kind %s)',
    kind => {
      for (const column of goldenPathCatalogColumns(listContext(kind))) {
        expect(column.width).toBe('auto');
      }
    },
  );

  it('sorts by criticality: critical first, unknown then missing last', () => {
    const { customSort } = createTierColumn();
    const rows = [
      component('no-tier'),
      component('best-effort', 'best-effort'),
      component('unknown', 'platinum'),
      component('standard', 'standard'),
      component('not-a-string', 42),
      component('critical', 'critical'),
      component('important', 'important'),
      component('blank', '  '),
    ].map(row);
    const sorted = [...rows].sort((a, b) => customSort!(a, b, 'row'));
    expect(sorted.map(r => r.entity.metadata.name)).toEqual([
      'critical',
      'important',
      'standard',
      'best-effort',
      'unknown',
      'no-tier',
      'not-a-string',
      'blank',
    ]);
  });

  it('filters and searches by the tier name', () => {
    const { customFilterAndSearch } = createTierColumn();
    const matches = (query: string, tier?: unknown) =>
      customFilterAndSearch!(query, row(component('svc', tier)), {});
    expect(matches('crit', 'critical')).toBe(true);
    expect(matches('CRITICAL', 'critical')).toBe(true);
    expect(matches('best effort', 'best-effort')).toBe(true);
    expect(matches('critical', 'standard')).toBe(false);
    expect(matches('critical')).toBe(false);
    expect(matches('critical', 42)).toBe(false);
  });
});

async function renderWithApis(children: JSX.Element) {
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [configApiRef, new MockConfigApi({})],
        [starredEntitiesApiRef, new MockStarredEntitiesApi()],
      ]}
    >
      {children}
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

describe('the description under the name', () => {
  it('hides the description column of tiered kinds but keeps it searchable', () => {
    const description = goldenPathCatalogColumns(listContext('component')).find(
      c => c.field === 'entity.metadata.description',
    );
    expect(description).toMatchObject({ hidden: true, searchable: true });
  });

  it('keeps the description column of other kinds', () => {
    const description = goldenPathCatalogColumns(listContext('group')).find(
      c => c.field === 'entity.metadata.description',
    );
    expect(description?.hidden).toBeFalsy();
  });

  it('shows the description under the name', async () => {
    const name = goldenPathCatalogColumns(listContext('component')).find(
      c => c.field === 'resolved.entityRef',
    )!;
    const entity = component('order-service', 'critical');
    entity.metadata.title = 'Order service';
    entity.metadata.description = 'Accepts orders and orchestrates checkout.';
    await renderWithApis(<>{name.render!(row(entity), 'row')}</>);
    expect(screen.getByText('Order service')).toBeInTheDocument();
    expect(screen.getByTestId('catalog-description')).toHaveTextContent(
      'Accepts orders and orchestrates checkout.',
    );
  });
});

describe('TierCell', () => {
  it('shows the badge of a known tier', async () => {
    await renderWithApis(<TierCell entity={component('svc', 'critical')} />);
    expect(screen.getByTestId('tier-badge-critical')).toHaveTextContent(
      'Critical',
    );
  });

  it('marks a missing tier', async () => {
    await renderWithApis(<TierCell entity={component('svc')} />);
    expect(screen.getByTestId('tier-missing')).toHaveTextContent('missing');
    expect(screen.queryByTestId(/^tier-badge-/)).toBeNull();
  });

  it.each([
    ['platinum', 'Unknown tier: platinum'],
    [42, 'Unknown tier: 42'],
    [{ level: 1 }, 'Unknown tier: {"level":1}'],
  ])('shows a muted dash for %j', async (tier, title) => {
    await renderWithApis(<TierCell entity={component('svc', tier)} />);
    const cell = screen.getByTestId('tier-unknown');
    expect(cell).toHaveTextContent('—');
    expect(cell).toHaveAttribute('title', title);
  });

  it('shows the raw tier name with a broken tier table', async () => {
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [
            configApiRef,
            new MockConfigApi({
              goldenPath: { tiers: { critical: { availability: 120 } } },
            }),
          ],
        ]}
      >
        <TierCell entity={component('svc', 'critical')} />
      </TestApiProvider>,
    );
    expect(screen.getByTestId('tier-name-critical')).toHaveTextContent(
      'critical',
    );
  });
});

describe('the catalog table with goldenPathCatalogColumns', () => {
  it('has a Tier column after Owner with the badges', async () => {
    const entities = [
      component('payments', 'critical'),
      component('legacy-batch'),
    ];
    await renderWithApis(
      <MockEntityListContextProvider
        value={{
          entities,
          backendEntities: entities,
          filters: { kind: new EntityKindFilter('component', 'Component') },
        }}
      >
        <CatalogTable columns={goldenPathCatalogColumns} />
      </MockEntityListContextProvider>,
    );
    const headers = screen
      .getAllByRole('columnheader')
      .map(h => h.textContent?.trim());
    expect(headers[headers.indexOf('Owner') + 1]).toBe('Tier');
    const payments = screen.getByRole('row', { name: /payments/ });
    expect(
      within(payments).getByTestId('tier-badge-critical'),
    ).toHaveTextContent('Critical');
    const legacy = screen.getByRole('row', { name: /legacy-batch/ });
    expect(within(legacy).getByTestId('tier-missing')).toBeInTheDocument();
  });
});
