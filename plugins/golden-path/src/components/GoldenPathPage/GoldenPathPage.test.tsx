import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { scaffolderApiRef } from '@backstage/plugin-scaffolder-react';
import { ResponseError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { Route, Routes, useLocation } from 'react-router-dom';
import { goldenPathApiRef } from '../../api/GoldenPathApi';
import {
  createFakeGoldenPathApi,
  driftOverview,
} from '../../__fixtures__/fakeGoldenPathApi';
import { createFakeScaffolderApi } from '../../__fixtures__/fakeScaffolderApi';
import { GoldenPathPage } from './GoldenPathPage';
import { REFRESH_POLL } from './RefreshDrift';

const LocationDisplay = () => {
  const location = useLocation();
  return <div data-testid="location">{location.search}</div>;
};

async function renderPage(
  options: {
    api?: ReturnType<typeof createFakeGoldenPathApi>;
    scaffolder?: ReturnType<typeof createFakeScaffolderApi>;
    route?: string;
  } = {},
) {
  const api = options.api ?? createFakeGoldenPathApi();
  const scaffolder = options.scaffolder ?? createFakeScaffolderApi({});
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [goldenPathApiRef, api],
        [scaffolderApiRef, scaffolder.api],
        [
          permissionApiRef,
          mockApis.permission({ authorize: AuthorizeResult.ALLOW }),
        ],
      ]}
    >
      <Routes>
        <Route path="/golden-path/*" element={<GoldenPathPage />} />
      </Routes>
      <LocationDisplay />
    </TestApiProvider>,
    {
      routeEntries: [options.route ?? '/golden-path'],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
  return { api, scaffolder };
}

// The page renders a few hundred MUI elements; on a loaded machine a test
// with several re-renders needs more than Jest's default 5 s.
jest.setTimeout(20_000);

const location = () => screen.getByTestId('location').textContent;
const serviceOrder = () =>
  screen
    .getAllByTestId('drift-service-row')
    .map(row => row.getAttribute('data-entity-ref'));
const row = (entityRef: string) =>
  screen
    .getAllByTestId('drift-service-row')
    .find(r => r.getAttribute('data-entity-ref') === entityRef)!;

describe('GoldenPathPage', () => {
  it('sums up where the services stand, in words', async () => {
    await renderPage();
    expect(
      await screen.findByRole('heading', { name: 'Golden path' }),
    ).toBeInTheDocument();
    expect(await screen.findByTestId('drift-summary')).toHaveTextContent(
      /^2 on the current version, 1 behind, 1 on an unsupported version, 1 not from a template$/,
    );
    expect(screen.getByTestId('drift-generated-at')).toHaveTextContent(
      /^Computed at /,
    );
  });

  it('names services on unknown versions only when there are some', async () => {
    await renderPage({
      api: createFakeGoldenPathApi({
        overview: driftOverview({
          counts: {
            current: 3,
            behind: 4,
            unsupported: 2,
            unknownVersion: 1,
            notFromTemplate: 41,
          },
        }),
      }),
    });
    expect(await screen.findByTestId('drift-summary')).toHaveTextContent(
      /^3 on the current version, 4 behind, 2 on unsupported versions, 1 on an unknown version, 41 not from a template$/,
    );
  });

  it("shows each template's versions newest first with dates, changes and services", async () => {
    await renderPage();
    const card = await screen.findByTestId('template-card');
    expect(
      within(card).getByRole('link', { name: 'Node.js service' }),
    ).toBeInTheDocument();
    expect(
      within(card).getByTestId('template-current-version'),
    ).toHaveTextContent('Current version v2.1.0');
    expect(
      within(card).getByTestId('template-supported-range'),
    ).toHaveTextContent('Supported versions: >=2.0.0');
    const versions = within(card).getAllByTestId('template-version');
    expect(versions.map(v => v.getAttribute('data-version'))).toEqual([
      '2.1.0',
      '2.0.0',
      '1.0.0',
    ]);
    expect(versions[0]).toHaveTextContent('Current');
    expect(versions[0]).toHaveTextContent('1 Mar 2025');
    expect(versions[0]).toHaveTextContent('2 services on it');
    expect(
      within(versions[1])
        .getAllByRole('listitem')
        .map(li => li.textContent),
    ).toEqual([
      'Records provenance in .golden-path/answers.yaml',
      'Depends on the service chassis',
    ]);
    // Markdown code spans of the changelog show as code, never as HTML.
    expect(
      within(versions[1]).getByText('.golden-path/answers.yaml').tagName,
    ).toBe('CODE');
    expect(versions[1]).toHaveTextContent('Supported');
    expect(versions[1]).toHaveTextContent('1 service on it');
    expect(versions[2]).toHaveTextContent('Unsupported');
    expect(versions[2]).toHaveTextContent('No changelog entries.');
  });

  it('lists the services furthest behind first, in words', async () => {
    await renderPage();
    const table = await screen.findByRole('table', { name: 'Services' });
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map(h => h.textContent),
    ).toEqual([
      '',
      'Service',
      'Owner',
      'Tier',
      'Template version',
      'Chassis',
      'Behind',
      'Status',
    ]);
    expect(serviceOrder()).toEqual([
      'component:default/billing',
      'component:default/payments',
      'component:default/orders',
      'component:default/shipping',
    ]);
    const billing = row('component:default/billing');
    expect(
      within(billing).getByRole('link', { name: 'Legacy billing' }),
    ).toHaveAttribute('href', '/catalog/default/component/billing');
    expect(
      within(billing).getByRole('link', { name: 'Payments team' }),
    ).toHaveAttribute('href', '/catalog/default/group/team-payments');
    expect(within(billing).getByText('Best effort')).toBeInTheDocument();
    expect(within(billing).getByTestId('drift-version')).toHaveTextContent(
      'v1.0.0',
    );
    expect(within(billing).getByTestId('drift-chassis')).toHaveTextContent(
      'No chassis',
    );
    expect(within(billing).getByTestId('drift-behind')).toHaveTextContent(
      '2 versions',
    );
    expect(within(billing).getByTestId('drift-status')).toHaveTextContent(
      'Unsupported version',
    );
    const orders = row('component:default/orders');
    expect(within(orders).getByTestId('drift-behind')).toHaveTextContent(
      'Up to date',
    );
    expect(within(orders).getByTestId('drift-chassis')).toHaveTextContent(
      '1.4.0',
    );
    // Components not from a template are listed on request only.
    fireEvent.click(
      screen.getByRole('button', {
        name: 'Also list the 1 not from a template',
      }),
    );
    const search = row('component:default/search');
    expect(within(search).getByTestId('drift-status')).toHaveTextContent(
      'Not from a template',
    );
    expect(within(search).getByTestId('drift-version')).toHaveTextContent('—');
    expect(within(search).getByText('No tier')).toBeInTheDocument();
  });

  it('sorts by a column and keeps the sort in the URL', async () => {
    await renderPage();
    await screen.findByRole('table', { name: 'Services' });
    fireEvent.click(screen.getByRole('button', { name: 'Service' }));
    await waitFor(() => expect(location()).toBe('?sort=service&order=asc'));
    expect(serviceOrder()).toEqual([
      'component:default/billing',
      'component:default/orders',
      'component:default/payments',
      'component:default/shipping',
    ]);
    expect(
      screen.getByRole('columnheader', { name: 'Service' }),
    ).toHaveAttribute('aria-sort', 'ascending');
    fireEvent.click(
      screen.getByRole('button', {
        name: 'Also list the 1 not from a template',
      }),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Template version' }));
    await waitFor(() => expect(location()).toBe('?sort=version&order=asc'));
    // Oldest first; the service without a version last.
    expect(serviceOrder()[0]).toBe('component:default/billing');
    expect(serviceOrder()[4]).toBe('component:default/search');
  });

  it('asks the backend for the services of the chosen tier', async () => {
    const { api } = await renderPage();
    await screen.findByRole('table', { name: 'Services' });
    fireEvent.click(
      within(screen.getByRole('group', { name: 'Tier' })).getByRole('button', {
        name: 'Critical',
      }),
    );
    await waitFor(() => expect(location()).toBe('?tier=critical'));
    await waitFor(() =>
      expect(api.getDrift).toHaveBeenCalledWith({
        owner: [],
        system: [],
        tier: ['critical'],
      }),
    );
  });

  it('upgrades the selected services, three at a time, and sums up the run', async () => {
    const scaffolder = createFakeScaffolderApi({
      'component:default/billing': {
        kind: 'failed',
        message: 'Legacy billing has no answers file',
      },
    });
    await renderPage({ scaffolder });
    await screen.findByRole('table', { name: 'Services' });
    const button = screen.getByTestId('fleet-upgrade-button');
    expect(button).toBeDisabled();
    // Up-to-date and not-from-template services cannot be selected.
    expect(
      screen.getByRole('checkbox', { name: 'Select Orders' }),
    ).toBeDisabled();
    expect(
      screen.queryByRole('checkbox', { name: 'Select Search' }),
    ).not.toBeInTheDocument();
    fireEvent.click(
      screen.getByRole('checkbox', { name: 'Select all upgradeable shown' }),
    );
    expect(button).toHaveTextContent('Upgrade 2 services to v2.1.0');
    fireEvent.click(button);
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('golden-path/upgrade-v2.1.0');
    fireEvent.click(
      within(dialog).getByRole('button', { name: 'Start upgrades' }),
    );

    const progress = await screen.findByRole('region', {
      name: 'Upgrade run',
    });
    await waitFor(() => expect(scaffolder.running()).toHaveLength(2));
    expect(within(progress).getByTestId('fleet-running')).toHaveTextContent(
      'Running 2 · 0 of 2 finished · 0 waiting',
    );
    expect(scaffolder.api.scaffold).toHaveBeenCalledWith({
      templateRef: 'template:default/upgrade-service',
      values: { entityRef: 'component:default/billing', version: '2.1.0' },
    });
    // No second run while this one goes on.
    expect(button).toBeDisabled();

    scaffolder.finish('component:default/payments');
    scaffolder.finish('component:default/billing');
    expect(
      await within(progress).findByTestId('fleet-summary'),
    ).toHaveTextContent('1 upgraded, 1 failed');
    const rows = within(progress).getAllByTestId('fleet-row');
    const payments = rows.find(
      r => r.getAttribute('data-entity-ref') === 'component:default/payments',
    )!;
    expect(payments).toHaveAttribute('data-state', 'done');
    expect(
      within(payments).getByRole('link', { name: 'Open the upgrade branch' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/payments/repository?branch=golden-path%2Fupgrade-v2.1.0',
    );
    const billing = rows.find(
      r => r.getAttribute('data-entity-ref') === 'component:default/billing',
    )!;
    expect(billing).toHaveAttribute('data-state', 'failed');
    expect(billing).toHaveTextContent(
      'Failed: Legacy billing has no answers file',
    );
    expect(
      within(billing).getByRole('link', { name: 'Task log' }),
    ).toHaveAttribute('href', '/create/tasks/task-component:default/billing');
  });

  it('refreshes the drift and says when the new figures are in', async () => {
    REFRESH_POLL.intervalMs = 1;
    const api = createFakeGoldenPathApi();
    const refreshed = driftOverview({
      generatedAt: '2025-03-03T10:00:00.000Z',
    });
    api.refreshDrift.mockImplementation(async () => {
      api.getDrift.mockResolvedValue(refreshed);
    });
    await renderPage({ api });
    await screen.findByRole('table', { name: 'Services' });
    const calls = api.getDrift.mock.calls.length;
    fireEvent.click(await screen.findByRole('button', { name: 'Refresh' }));
    expect(await screen.findByText('Refreshed.')).toBeInTheDocument();
    expect(api.refreshDrift).toHaveBeenCalledTimes(1);
    // Polled until newer, then the page's own figures reloaded.
    expect(api.getDrift.mock.calls.length).toBeGreaterThanOrEqual(calls + 2);
    await waitFor(() =>
      expect(screen.getByTestId('drift-generated-at')).toHaveTextContent(
        new Date('2025-03-03T10:00:00.000Z').toLocaleString(),
      ),
    );
  });

  it('says why a refresh failed', async () => {
    const api = createFakeGoldenPathApi();
    api.refreshDrift.mockRejectedValue(new Error('the backend is down'));
    await renderPage({ api });
    await screen.findByRole('table', { name: 'Services' });
    fireEvent.click(await screen.findByRole('button', { name: 'Refresh' }));
    expect(
      await screen.findByText('Could not refresh: the backend is down'),
    ).toBeInTheDocument();
  });

  it('says plainly when a refresh ran a moment ago (429)', async () => {
    const api = createFakeGoldenPathApi();
    api.refreshDrift.mockRejectedValue(
      await ResponseError.fromResponse(
        new Response(
          JSON.stringify({
            error: {
              name: 'TooManyRequestsError',
              message: 'The drift recomputation of every service was started …',
              retryAfterSeconds: 12,
            },
            response: { statusCode: 429 },
          }),
          {
            status: 429,
            headers: {
              'Content-Type': 'application/json',
              'Retry-After': '12',
            },
          },
        ) as any,
      ),
    );
    await renderPage({ api });
    await screen.findByRole('table', { name: 'Services' });
    fireEvent.click(await screen.findByRole('button', { name: 'Refresh' }));
    await waitFor(() =>
      expect(screen.getByTestId('drift-refresh-status')).toHaveTextContent(
        /^A refresh ran a moment ago; try again in 12 seconds$/,
      ),
    );
  });

  it('explains an empty drift', async () => {
    await renderPage({
      api: createFakeGoldenPathApi({
        overview: driftOverview({
          generatedAt: null,
          templates: [],
          services: [],
          counts: {
            current: 0,
            behind: 0,
            unsupported: 0,
            unknownVersion: 0,
            notFromTemplate: 0,
          },
        }),
      }),
    });
    expect(
      await screen.findByText('No drift computed yet'),
    ).toBeInTheDocument();
    expect(screen.getByTestId('drift-generated-at')).toHaveTextContent(
      'Not computed yet',
    );
  });

  it('shows the error of a failed request', async () => {
    const api = createFakeGoldenPathApi();
    api.getDrift.mockRejectedValue(new Error('drift is down'));
    await renderPage({ api });
    expect(
      (await screen.findAllByText(/drift is down/)).length,
    ).toBeGreaterThan(0);
  });
});
