import { createApiRef } from '@backstage/frontend-plugin-api';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import apiDocsPlugin from '@backstage/plugin-api-docs/alpha';
import { catalogEntityCreatePermission } from '@backstage/plugin-catalog-common/alpha';
import {
  catalogApiRef,
  entityRouteRef,
  MockStarredEntitiesApi,
  starredEntitiesApiRef,
} from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { usePermission } from '@backstage/plugin-permission-react';
import { screen } from '@testing-library/react';
import { ApiExplorerPage } from './ApiExplorerPage';

// usePermission keeps its answers in swr's process-wide cache, so a second
// render would get the first one's answer: each test says what it answers.
jest.mock('@backstage/plugin-permission-react', () => ({
  ...jest.requireActual('@backstage/plugin-permission-react'),
  usePermission: jest.fn(),
}));
const usePermissionMock = usePermission as jest.MockedFunction<
  typeof usePermission
>;

// @backstage/core-plugin-api finds the app's icons (the star of each row)
// through the `core.icons.v2` API, which the test app of
// @backstage/frontend-test-utils 0.6 does not install; no icons here.
const iconsV2ApiRef = createApiRef<{
  icon(key: string): undefined;
  listIconKeys(): string[];
}>({ id: 'core.icons.v2' });
const noIcons = { icon: () => undefined, listIconKeys: () => [] };

const api = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'API',
  metadata: { name: 'orders-api', namespace: 'default' },
  spec: { type: 'openapi', lifecycle: 'production', owner: 'team-checkout' },
};

async function renderWith(allowed: boolean) {
  usePermissionMock.mockReturnValue({ loading: false, allowed });
  await renderInTestApp(<ApiExplorerPage />, {
    apis: [
      [catalogApiRef, catalogApiMock({ entities: [api] })],
      [starredEntitiesApiRef, new MockStarredEntitiesApi()],
      [iconsV2ApiRef, noIcons],
    ],
    config: { organization: { name: 'Golden Path' } },
    mountedRoutes: {
      '/catalog-import': apiDocsPlugin.externalRoutes.registerApi,
      '/catalog/:namespace/:kind/:name': entityRouteRef,
    },
  });
  // The page lists the APIs in either case.
  expect(await screen.findByText('orders-api')).toBeInTheDocument();
  expect(usePermissionMock).toHaveBeenCalledWith({
    permission: catalogEntityCreatePermission,
  });
}

describe('ApiExplorerPage', () => {
  afterEach(() => usePermissionMock.mockReset());

  it('offers "Register existing API" to those allowed to create catalog entities', async () => {
    await renderWith(true);

    expect(
      screen.getByRole('button', { name: 'Register Existing API' }),
    ).toHaveAttribute('href', '/catalog-import');
  });

  it('hides "Register existing API" from those who may not create catalog entities', async () => {
    await renderWith(false);

    expect(screen.getByText('Golden Path API Explorer')).toBeInTheDocument();
    expect(
      screen.queryByText(/Register existing API/i),
    ).not.toBeInTheDocument();
  });
});
