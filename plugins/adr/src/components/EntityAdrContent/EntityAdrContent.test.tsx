import { Entity } from '@backstage/catalog-model';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { useLocation } from 'react-router-dom';
import type { AdrSourceStatus } from '@golden-path/plugin-adr-common';
import { adrApiRef } from '../../api/AdrApi';
import { createFakeAdrApi, record } from '../../__fixtures__/fakeAdrApi';
import { EntityAdrContent } from './EntityAdrContent';

const entity = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments', namespace: 'default', annotations },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-payments' },
});
const withAdrs = entity({ 'golden-path.io/adr-location': './docs/adr' });

const older = record({
  path: '0001-record.md',
  number: 1,
  title: 'Record decisions',
  date: '2024-01-01',
});
const newer = record({
  path: '0002-use-kafka.md',
  number: 2,
  title: 'Use Kafka',
  date: '2024-02-01',
  status: 'proposed',
  body: 'Replaces [the first](0001-record.md).',
});

const source = (overrides: Partial<AdrSourceStatus> = {}): AdrSourceStatus => ({
  entityRef: 'component:default/payments',
  annotation: './docs/adr',
  location: 'https://git.example.com/payments/docs/adr',
  lastReadAt: '2024-06-01T00:00:00.000Z',
  error: null,
  warnings: [],
  adrCount: 2,
  ...overrides,
});

const LocationDisplay = () => {
  const location = useLocation();
  return <div data-testid="location">{location.search}</div>;
};

async function renderTab(
  e: Entity,
  api = createFakeAdrApi({
    records: [older, newer],
    entity: { source: source(), items: [older, newer] },
  }),
  route = '/',
) {
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [adrApiRef, api],
        [
          permissionApiRef,
          mockApis.permission({ authorize: AuthorizeResult.ALLOW }),
        ],
      ]}
    >
      <EntityProvider entity={e}>
        <EntityAdrContent />
        <LocationDisplay />
      </EntityProvider>
    </TestApiProvider>,
    {
      routeEntries: [route],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
  return api;
}

describe('EntityAdrContent', () => {
  it('asks for the annotation when it is missing', async () => {
    const api = await renderTab(entity({}));
    expect(await screen.findByText('Missing Annotation')).toBeInTheDocument();
    expect(
      screen.getAllByText(/golden-path.io\/adr-location/).length,
    ).toBeGreaterThan(0);
    expect(api.getEntityAdrs).not.toHaveBeenCalled();
  });

  it('lists the ADRs and opens the newest by default', async () => {
    await renderTab(withAdrs);
    const list = await screen.findByRole('list', {
      name: 'Decisions of this entity',
    });
    expect(
      within(list).getByText('ADR-0001 Record decisions'),
    ).toBeInTheDocument();
    expect(within(list).getByText('ADR-0002 Use Kafka')).toBeInTheDocument();
    expect(
      await screen.findByRole('heading', { name: 'ADR-0002 Use Kafka' }),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('button', { name: 'Refresh' }),
    ).toBeInTheDocument();
  });

  it('opens the ADR named by ?adr= and keeps ADR links inside the tab', async () => {
    await renderTab(withAdrs, undefined, '/?adr=0001-record.md');
    expect(
      await screen.findByRole('heading', { name: 'ADR-0001 Record decisions' }),
    ).toBeInTheDocument();
    fireEvent.click(screen.getByText('ADR-0002 Use Kafka'));
    expect(
      await screen.findByRole('heading', { name: 'ADR-0002 Use Kafka' }),
    ).toBeInTheDocument();
    expect(screen.getByTestId('location').textContent).toBe(
      '?adr=0002-use-kafka.md',
    );
    expect(
      screen.getByText('the first').closest('a')?.getAttribute('href'),
    ).toMatch(/\?adr=0001-record\.md$/);
  });

  it('names the problem when the ADR folder cannot be read, and lists file warnings', async () => {
    const api = createFakeAdrApi({
      records: [older],
      entity: {
        source: source({
          error:
            'ADR folder https://git.example.com/payments/docs/adr does not exist',
          warnings: [{ path: 'notes.md', message: 'No title found' }],
          adrCount: 0,
        }),
        items: [],
      },
    });
    await renderTab(withAdrs, api);
    expect(
      await screen.findByText('Error: The ADR folder could not be read'),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText(/docs\/adr does not exist/).length,
    ).toBeGreaterThan(0);
    const warnings = screen.getByRole('list', { name: 'ADR folder warnings' });
    expect(within(warnings).getByText(/No title found/)).toBeInTheDocument();
  });

  it('reads a folder that was never read when the tab opens, once', async () => {
    const api = createFakeAdrApi({
      records: [older],
      entity: { source: null, items: [] },
    });
    api.refresh.mockImplementation(async (entityRef: string) => {
      api.getEntityAdrs.mockResolvedValue({
        source: source({ adrCount: 1 }),
        items: [older],
      });
      return source({ entityRef, adrCount: 1 });
    });
    await renderTab(withAdrs, api);
    expect(
      await screen.findByRole('heading', { name: 'ADR-0001 Record decisions' }),
    ).toBeInTheDocument();
    expect(api.refresh).toHaveBeenCalledTimes(1);
    expect(api.refresh).toHaveBeenCalledWith('component:default/payments');
    expect(api.getEntityAdrs).toHaveBeenCalledTimes(2);
  });

  it('keeps "Read now" quietly when the automatic read is refused, and shows why on a click', async () => {
    const api = createFakeAdrApi({
      records: [older],
      entity: { source: null, items: [] },
    });
    api.refresh.mockRejectedValue(new Error('You may not refresh ADRs'));
    await renderTab(withAdrs, api);
    await waitFor(() => expect(api.refresh).toHaveBeenCalledTimes(1));
    expect(
      await screen.findByText(
        'The ADR folder of this entity has not been read yet.',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText(/You may not refresh ADRs/)).toBeNull();
    fireEvent.click(await screen.findByRole('button', { name: 'Read now' }));
    expect(
      (await screen.findAllByText(/You may not refresh ADRs/)).length,
    ).toBeGreaterThan(0);
    expect(api.refresh).toHaveBeenCalledTimes(2);
  });

  it('shows why a refresh was refused', async () => {
    const api = await renderTab(withAdrs);
    api.refresh.mockRejectedValue(new Error('You may not refresh ADRs'));
    fireEvent.click(await screen.findByRole('button', { name: 'Refresh' }));
    expect(
      (await screen.findAllByText(/You may not refresh ADRs/)).length,
    ).toBeGreaterThan(0);
  });
});
