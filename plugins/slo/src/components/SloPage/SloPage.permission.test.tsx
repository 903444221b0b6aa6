import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { sloApiRef } from '../../api/SloApi';
import { createFakeSloApi } from '../../__fixtures__/fakeSloApi';
import { SloPage } from './SloPage';

// Its own file: usePermission caches the answer for the whole module.
describe('SloPage without slo.refresh.all', () => {
  it('shows when the budgets were computed, without "Recompute now"', async () => {
    const asked: string[] = [];
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [sloApiRef, createFakeSloApi()],
          [
            permissionApiRef,
            mockApis.permission({
              authorize: request => {
                asked.push(request.permission.name);
                return request.permission.name === 'slo.refresh.all'
                  ? AuthorizeResult.DENY
                  : AuthorizeResult.ALLOW;
              },
            }),
          ],
        ]}
      >
        <SloPage />
      </TestApiProvider>,
      {
        mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      },
    );
    expect(await screen.findByTestId('slo-computed-at')).toHaveTextContent(
      /^Budgets computed at /,
    );
    await screen.findByRole('table', { name: 'Services' });
    expect(asked).toContain('slo.refresh.all');
    expect(screen.queryByRole('button', { name: 'Recompute now' })).toBeNull();
  });
});
