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
import { screen } from '@testing-library/react';
import { adrApiRef } from '../../api/AdrApi';
import { createFakeAdrApi, record } from '../../__fixtures__/fakeAdrApi';
import { EntityAdrContent } from './EntityAdrContent';

const payments: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments',
    namespace: 'default',
    annotations: { 'golden-path.io/adr-location': './docs/adr' },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-payments' },
};
const adr = record({ path: '0001-record.md', number: 1, title: 'Record' });

// Its own file: usePermission caches the answer for the whole module.
describe('EntityAdrContent without adr.entity.refresh on the entity', () => {
  const asked: Array<{ name: string; resourceRef?: string }> = [];
  const render = async (api: ReturnType<typeof createFakeAdrApi>) =>
    renderInTestApp(
      <TestApiProvider
        apis={[
          [adrApiRef, api],
          [
            permissionApiRef,
            mockApis.permission({
              authorize: request => {
                asked.push({
                  name: request.permission.name,
                  resourceRef: request.resourceRef,
                });
                return request.permission.name === 'adr.entity.refresh'
                  ? AuthorizeResult.DENY
                  : AuthorizeResult.ALLOW;
              },
            }),
          ],
        ]}
      >
        <EntityProvider entity={payments}>
          <EntityAdrContent />
        </EntityProvider>
      </TestApiProvider>,
      {
        mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      },
    );

  it('shows no Refresh button, asking about this entity', async () => {
    const api = createFakeAdrApi({
      records: [adr],
      entity: {
        source: {
          entityRef: 'component:default/payments',
          annotation: './docs/adr',
          location: 'https://git.example.com/payments/docs/adr',
          lastReadAt: '2024-06-01T00:00:00.000Z',
          error: null,
          warnings: [],
          adrCount: 1,
        },
        items: [adr],
      },
    });
    await render(api);
    expect(await screen.findByText(/^1 ADRs/)).toBeInTheDocument();
    expect(asked).toContainEqual({
      name: 'adr.entity.refresh',
      resourceRef: 'component:default/payments',
    });
    expect(screen.queryByRole('button', { name: 'Refresh' })).toBeNull();
  });

  it('neither reads a folder never read nor offers "Read now"; says the schedule reads it', async () => {
    const api = createFakeAdrApi({
      records: [],
      entity: { source: null, items: [] },
    });
    await render(api);
    expect(
      await screen.findByText(
        'The ADR folder of this entity has not been read yet. The next scheduled reading reads it.',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Read now' })).toBeNull();
    expect(api.refresh).not.toHaveBeenCalled();
  });
});
