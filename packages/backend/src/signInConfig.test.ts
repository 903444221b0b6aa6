import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { ConfigSources } from '@backstage/config-loader';
import { Entity } from '@backstage/catalog-model';
import authPlugin from '@backstage/plugin-auth-backend';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import authModuleGoldenPath from '@golden-path/plugin-auth-backend-module-golden-path';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import request from 'supertest';
import { guestSignInWhereConfigured } from './guestSignIn';

/**
 * The repository's own config files, layered as scripts/start.sh,
 * playwright.config.ts and the Dockerfile layer them, started with the auth
 * features of src/index.ts: production signs in with OIDC only, and refuses
 * to start when guest sign-in is layered onto it.
 */
const repoRoot = path.resolve(__dirname, '../../..');

const guest: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name: 'guest', namespace: 'development' },
  spec: { memberOf: [] },
};

/** An IdP's discovery document on loopback, nothing else. */
async function startDiscovery() {
  const server = http.createServer((req, res) => {
    const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    if (req.url !== '/.well-known/openid-configuration') {
      res.statusCode = 404;
      res.end();
      return;
    }
    res.setHeader('content-type', 'application/json');
    res.end(
      JSON.stringify({
        issuer,
        authorization_endpoint: `${issuer}/auth`,
        token_endpoint: `${issuer}/token`,
        userinfo_endpoint: `${issuer}/me`,
        jwks_uri: `${issuer}/jwks`,
      }),
    );
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return server;
}

let idp: http.Server;
let env: Record<string, string>;

beforeAll(async () => {
  idp = await startDiscovery();
  const { port } = idp.address() as AddressInfo;
  env = {
    AUTH_OIDC_METADATA_URL: `http://127.0.0.1:${port}/.well-known/openid-configuration`,
    AUTH_OIDC_CLIENT_ID: 'golden-path-portal',
    AUTH_OIDC_CLIENT_SECRET: 'client-secret',
    AUTH_SESSION_SECRET: 'session-secret',
    POSTGRES_HOST: '127.0.0.1',
    POSTGRES_PORT: '5432',
    POSTGRES_USER: 'postgres',
    POSTGRES_PASSWORD: '',
    GP_SLI_TOKEN: 'sli-token',
    GOLDEN_PATH_NPM_REGISTRY: 'http://127.0.0.1:4873/',
  };
});

afterAll(async () => {
  await new Promise(resolve => idp.close(resolve));
});

/** The merged config of these files, with the variables above. */
async function repoConfig(...files: string[]) {
  const source = ConfigSources.default({
    argv: files.flatMap(file => ['--config', path.join(repoRoot, file)]),
    env,
    substitutionFunc: async name => env[name],
  });
  const config = await ConfigSources.toConfig(source);
  const data = config.get<any>();
  config.close();
  return data;
}

function startWith(data: object) {
  return startTestBackend({
    features: [
      authPlugin,
      authModuleGoldenPath,
      guestSignInWhereConfigured,
      catalogServiceMock.factory({ entities: [guest] }),
      mockServices.rootConfig.factory({ data }),
    ],
  });
}

describe('sign-in configuration', () => {
  it('production (app-config.production.yaml) starts with OIDC only: sign-ins go to the IdP, guest is not there', async () => {
    const data = await repoConfig(
      'app-config.yaml',
      'app-config.production.yaml',
    );
    expect(data.auth.providers).toEqual({ oidc: expect.anything() });
    expect(data.goldenPath.signIn.providers).toEqual(['oidc']);

    const { server } = await startWith(data);
    const start = await request(server).get(
      '/api/auth/oidc/start?env=production',
    );
    expect(start.status).toBe(302);
    const location = new URL(start.headers.location);
    expect(location.pathname).toBe('/auth');
    expect(location.searchParams.get('client_id')).toBe('golden-path-portal');

    const guestSignIn = await request(server)
      .get('/api/auth/guest/refresh?env=production')
      .set('X-Requested-With', 'XMLHttpRequest');
    expect(guestSignIn.status).toBe(404);
  });

  it('production with guest sign-in layered onto it refuses to start, saying why', async () => {
    const data = await repoConfig(
      'app-config.yaml',
      'app-config.production.yaml',
      'app-config.development.yaml',
    );
    await expect(startWith(data)).rejects.toThrow(
      'Golden Path refuses to start with the production configuration (goldenPath.production is true): auth.providers.guest is configured, so anyone who reaches the portal could sign in without a password.',
    );
  });

  it('development (scripts/start.sh) and the browser tests sign in as guest', async () => {
    const nodeEnv = process.env.NODE_ENV;
    // The guest provider works only there, as under `backstage-cli package start`.
    process.env.NODE_ENV = 'development';
    try {
      for (const files of [
        ['app-config.yaml', 'app-config.development.yaml'],
        [
          'app-config.yaml',
          'app-config.development.yaml',
          'app-config.e2e.yaml',
        ],
      ]) {
        const data = await repoConfig(...files);
        expect(data.goldenPath.signIn.providers).toContain('guest');
        const { server } = await startWith(data);
        const res = await request(server)
          .get('/api/auth/guest/refresh?env=development')
          .set('X-Requested-With', 'XMLHttpRequest');
        expect(res.status).toBe(200);
        expect(res.body.backstageIdentity.identity.userEntityRef).toBe(
          'user:development/guest',
        );
      }
    } finally {
      process.env.NODE_ENV = nodeEnv;
    }
  });

  it('app-config.yaml alone has no sign-in provider', async () => {
    const data = await repoConfig('app-config.yaml');
    expect(data.auth.providers).toBeUndefined();
  });
});
