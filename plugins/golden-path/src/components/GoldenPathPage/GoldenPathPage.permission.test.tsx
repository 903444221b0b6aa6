import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { scaffolderApiRef } from '@backstage/plugin-scaffolder-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { goldenPathApiRef } from '../../api/GoldenPathApi';
import { createFakeGoldenPathApi } from '../../__fixtures__/fakeGoldenPathApi';
import { createFakeScaffolderApi } from '../../__fixtures__/fakeScaffolderApi';
import { GoldenPathPage } from './GoldenPathPage';

// Its own file: usePermission caches the answer for the whole module.
describe('GoldenPathPage without goldenpath.drift.refresh.all', () => {
  it('shows when the drift was computed, without "Refresh"', async () => {
    const asked: string[] = [];
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [goldenPathApiRef, createFakeGoldenPathApi()],
          [scaffolderApiRef, createFakeScaffolderApi({}).api],
          [
            permissionApiRef,
            mockApis.permission({
              authorize: request => {
                asked.push(request.permission.name);
                return request.permission.name ===
                  'goldenpath.drift.refresh.all'
                  ? AuthorizeResult.DENY
                  : AuthorizeResult.ALLOW;
              },
            }),
          ],
        ]}
      >
        <GoldenPathPage />
      </TestApiProvider>,
      {
        mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      },
    );
    await screen.findByRole('table', { name: 'Services' });
    expect(await screen.findByTestId('drift-generated-at')).toHaveTextContent(
      /^Computed at /,
    );
    expect(asked).toContain('goldenpath.drift.refresh.all');
    expect(screen.queryByRole('button', { name: 'Refresh' })).toBeNull();
  });
});
