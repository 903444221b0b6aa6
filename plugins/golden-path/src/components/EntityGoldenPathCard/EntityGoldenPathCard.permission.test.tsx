import type { Entity } from '@backstage/catalog-model';
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
import { screen, within } from '@testing-library/react';
import { goldenPathApiRef } from '../../api/GoldenPathApi';
import { createFakeGoldenPathApi } from '../../__fixtures__/fakeGoldenPathApi';
import { EntityGoldenPathCard } from './EntityGoldenPathCard';

// usePermission caches answers per module (SWR): the denied answer gets a
// test file of its own.
describe('EntityGoldenPathCard without the upgrade permission', () => {
  it('does not offer the upgrade to those not allowed to start it', async () => {
    const entity: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'payments',
        annotations: {
          'golden-path.io/template': 'template:default/node-service',
        },
      },
      spec: { type: 'service', owner: 'team-payments' },
    };
    const asked: Array<{ name: string; resourceRef?: string }> = [];
    const permissionApi = mockApis.permission({
      authorize: request => {
        asked.push({
          name: request.permission.name,
          resourceRef: request.resourceRef,
        });
        return request.permission.name === 'goldenpath.upgrade.create'
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW;
      },
    });
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [goldenPathApiRef, createFakeGoldenPathApi()],
          [permissionApiRef, permissionApi],
        ]}
      >
        <EntityProvider entity={entity}>
          <EntityGoldenPathCard />
        </EntityProvider>
      </TestApiProvider>,
      {
        mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      },
    );
    const card = await screen.findByTestId('golden-path-card');
    expect(
      await within(card).findByText(/Only those allowed to upgrade/),
    ).toBeInTheDocument();
    expect(within(card).getByTestId('golden-path-upgrade')).toHaveAttribute(
      'aria-disabled',
      'true',
    );
    // Asked for this service: an owners-only policy decides per entity.
    expect(asked).toContainEqual({
      name: 'goldenpath.upgrade.create',
      resourceRef: 'component:default/payments',
    });
  });
});
