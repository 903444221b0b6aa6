import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import authPlugin from '@backstage/plugin-auth-backend';
import guestProvider from '@backstage/plugin-auth-backend-module-guest-provider';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import authModuleGoldenPath from '.';

const rel = (type: string, targetRef: string) => ({ type, targetRef });

/** The catalog as it stitches entities: relations both ways. */
const entities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'engineering', namespace: 'default' },
    spec: { type: 'department', children: ['team-checkout'] },
    relations: [
      rel('parentOf', 'group:default/team-checkout'),
      rel('hasMember', 'user:default/eve'),
    ],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'team-checkout', namespace: 'default' },
    spec: { type: 'team', parent: 'engineering', children: [] },
    relations: [rel('childOf', 'group:default/engineering')],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'eve', namespace: 'default' },
    spec: { memberOf: ['engineering'] },
    relations: [rel('memberOf', 'group:default/engineering')],
  },
];

/** A user token's claims, read from the auth backend's refresh endpoint. */
async function ownershipOfGuest(server: any): Promise<string[]> {
  const res = await request(server)
    .get('/api/auth/guest/refresh?env=development')
    .set('X-Requested-With', 'XMLHttpRequest');
  expect(res.status).toBe(200);
  return res.body.backstageIdentity.identity.ownershipEntityRefs;
}

describe('authModuleGoldenPath', () => {
  it("issues tokens whose ownership claims include the groups below the user's groups", async () => {
    const { server } = await startTestBackend({
      features: [
        authPlugin,
        guestProvider,
        authModuleGoldenPath,
        catalogServiceMock.factory({ entities }),
        mockServices.rootConfig.factory({
          data: {
            app: { baseUrl: 'http://localhost:3000' },
            auth: {
              environment: 'development',
              providers: {
                guest: {
                  userEntityRef: 'user:default/eve',
                  // Jest runs with NODE_ENV=test.
                  dangerouslyAllowOutsideDevelopment: true,
                },
              },
            },
          },
        }),
      ],
    });
    expect(await ownershipOfGuest(server)).toEqual([
      'user:default/eve',
      'group:default/engineering',
      'group:default/team-checkout',
    ]);
  });
});
