import type { Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { readinessApiRef } from '../api/ReadinessApi';
import { EntityReadinessContent } from '../components/EntityReadinessContent/EntityReadinessContent';
import { createFakeReadinessApi } from '../__fixtures__/fakeReadinessApi';

/** component:default/orders */
export const component: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'orders', namespace: 'default' },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-orders' },
};

/** The users the catalog has: jane (Jane Doe), not bob. */
export const users: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'jane', namespace: 'default' },
    spec: { profile: { displayName: 'Jane Doe' }, memberOf: [] },
  },
];

/** The ResponseError the client throws for a Backstage error JSON answer. */
export async function responseError(
  status: number,
  name: string,
  message: string,
  headers: Record<string, string> = {},
) {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name, message },
        response: { statusCode: status },
      }),
      { status, headers: { 'Content-Type': 'application/json', ...headers } },
    ) as any,
  );
}

/** What the permission API was asked, by every render of the file. */
export const permissionRequests: Array<{
  name: string;
  resourceRef?: string;
}> = [];

/**
 * Renders the Readiness tab of `entity` (default: orders) with a fake API
 * and a permission API that allows attesting unless `allowAttest` is false
 * and refreshing unless `allowRefresh` is false. usePermission caches
 * answers per module (SWR), so a test file sticks to one answer. The
 * permission API records what it was asked (`permissionRequests`).
 */
export async function renderReadinessTab(
  options: {
    api?: ReturnType<typeof createFakeReadinessApi>;
    allowAttest?: boolean;
    allowRefresh?: boolean;
    entity?: Entity;
    route?: string;
  } = {},
) {
  const api = options.api ?? createFakeReadinessApi();
  const permissionApi = mockApis.permission({
    authorize: request => {
      permissionRequests.push({
        name: request.permission.name,
        resourceRef: request.resourceRef,
      });
      const denied =
        (request.permission.name === 'readiness.attestation.create' &&
          options.allowAttest === false) ||
        (request.permission.name === 'readiness.entity.refresh' &&
          options.allowRefresh === false);
      return denied ? AuthorizeResult.DENY : AuthorizeResult.ALLOW;
    },
  });
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [readinessApiRef, api],
        [permissionApiRef, permissionApi],
        [catalogApiRef, catalogApiMock({ entities: [component, ...users] })],
      ]}
    >
      <EntityProvider entity={options.entity ?? component}>
        <EntityReadinessContent />
      </EntityProvider>
    </TestApiProvider>,
    {
      routeEntries: [options.route ?? '/'],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
  return api;
}

/** The rendered check with this id. */
export const checkItem = (id: string) =>
  screen
    .getAllByTestId('readiness-check')
    .find(item => item.getAttribute('data-check-id') === id)!;
