import { mockServices } from '@backstage/backend-test-utils';
import { NotFoundError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { SloReadModel, SloReadStore } from './SloReadModel';

describe('SloReadModel.entity before the SLOs are computed', () => {
  const store = {
    getEntity: jest.fn(async () => undefined),
  } as unknown as SloReadStore;
  const service = new SloReadModel({
    store,
    catalog: catalogServiceMock({
      entities: [
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: {
            name: 'new-service',
            namespace: 'default',
            annotations: { 'golden-path.io/tier': 'critical' },
          },
          spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
        },
      ],
    }),
    auth: mockServices.auth(),
    config: {} as any,
    cache: mockServices.cache.mock(),
  });

  it('answers a component of the catalog not computed yet with its tier and no SLOs', async () => {
    await expect(
      service.entity('component:default/new-service'),
    ).resolves.toEqual({
      entityRef: 'component:default/new-service',
      tier: 'critical',
      slos: [],
      burnDown: {},
      errors: [],
      computedAt: null,
    });
  });

  it('does not find an entity the catalog does not have', async () => {
    const answer = service.entity('component:default/gone');
    await expect(answer).rejects.toThrow(NotFoundError);
    await expect(answer).rejects.toThrow(
      'The catalog has no entity component:default/gone',
    );
  });
});
