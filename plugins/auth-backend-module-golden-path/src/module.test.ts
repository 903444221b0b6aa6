import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import authPlugin from '@backstage/plugin-auth-backend';
import guestProvider from '@backstage/plugin-auth-backend-module-guest-provider';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import http from 'node:http';
import { AddressInfo } from 'node:net';
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

/** The discovery document of an IdP on loopback; nothing else is served. */
function discoveryServer() {
  const server = http.createServer((req, res) => {
    const { port } = server.address() as AddressInfo;
    const issuer = `http://127.0.0.1:${port}`;
    if (req.url === '/.well-known/openid-configuration') {
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          issuer,
          authorization_endpoint: `${issuer}/auth`,
          token_endpoint: `${issuer}/token`,
          userinfo_endpoint: `${issuer}/me`,
          jwks_uri: `${issuer}/jwks`,
          response_types_supported: ['code'],
          subject_types_supported: ['public'],
          id_token_signing_alg_values_supported: ['RS256'],
        }),
      );
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  return server;
}

/** A loopback port nothing listens on (yet). */
async function freePort(): Promise<number> {
  const probe = http.createServer();
  await new Promise<void>(resolve => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise(resolve => probe.close(resolve));
  return port;
}

function productionConfig(port: number, extra: { guest?: object } = {}) {
  return {
    app: { baseUrl: 'http://localhost:3000' },
    goldenPath: { production: true },
    permission: { enabled: true },
    auth: {
      environment: 'production',
      // openid-client keeps the state and nonce in the session.
      session: { secret: 'test-session-secret' },
      providers: {
        oidc: {
          production: {
            metadataUrl: `http://127.0.0.1:${port}/.well-known/openid-configuration`,
            clientId: 'golden-path-portal',
            clientSecret: 'test-secret',
          },
        },
        ...extra,
      },
    },
  };
}

describe('authModuleGoldenPath at start-up', () => {
  it('refuses to start with the production configuration and guest sign-in', async () => {
    await expect(
      startTestBackend({
        features: [
          authPlugin,
          guestProvider,
          authModuleGoldenPath,
          catalogServiceMock.factory({ entities }),
          mockServices.rootConfig.factory({
            data: productionConfig(1, { guest: {} }),
          }),
        ],
      }),
    ).rejects.toThrow(
      /Golden Path refuses to start with the production configuration \(goldenPath\.production is true\): auth\.providers\.guest is configured/,
    );
  });

  it('refuses to start with the production configuration and permissions off', async () => {
    const data = { ...productionConfig(1), permission: { enabled: false } };
    await expect(
      startTestBackend({
        features: [
          authPlugin,
          authModuleGoldenPath,
          catalogServiceMock.factory({ entities }),
          mockServices.rootConfig.factory({ data }),
        ],
      }),
    ).rejects.toThrow(/permission\.enabled is not true/);
  });

  it('starts with OIDC only, sends sign-ins to the IdP, and finds an IdP that was down at start-up', async () => {
    const port = await freePort();
    const { server } = await startTestBackend({
      features: [
        authPlugin,
        authModuleGoldenPath,
        catalogServiceMock.factory({ entities }),
        mockServices.rootConfig.factory({ data: productionConfig(port) }),
      ],
    });
    const start = () =>
      request(server).get('/api/auth/oidc/start?env=production');

    // Nothing listens yet: that sign-in fails...
    const down = await start();
    expect(down.status).toBe(500);
    expect(down.text).toMatch(/ECONNREFUSED/);

    // ...and the next one, once the IdP is up, goes there.
    const idp = discoveryServer();
    await new Promise<void>(resolve => idp.listen(port, '127.0.0.1', resolve));
    try {
      const up = await start();
      expect(up.status).toBe(302);
      const location = new URL(up.headers.location);
      expect(location.origin + location.pathname).toBe(
        `http://127.0.0.1:${port}/auth`,
      );
      expect(location.searchParams.get('client_id')).toBe('golden-path-portal');
      expect(location.searchParams.get('scope')).toContain('openid');
      expect(location.searchParams.get('redirect_uri')).toMatch(
        /\/api\/auth\/oidc\/handler\/frame$/,
      );
    } finally {
      await new Promise(resolve => idp.close(resolve));
    }

    // No guest sign-in behind it.
    const guest = await request(server)
      .get('/api/auth/guest/refresh?env=production')
      .set('X-Requested-With', 'XMLHttpRequest');
    expect(guest.status).toBe(404);
  });
});
