import { createBackend } from '@backstage/backend-defaults';
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import {
  safeErrorsHttpRouterServiceFactory,
  safeErrorsRootHttpRouterServiceFactory,
} from '@golden-path/plugin-golden-path-node';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import adrPlugin from '@golden-path/plugin-adr-backend';
import sloPlugin from '@golden-path/plugin-slo-backend';
import net from 'node:net';
import path from 'node:path';
import request from 'supertest';

/*
 * Error responses of the backend as packages/backend/src/index.ts builds
 * it: the real createBackend (real auth, real HTTP server, real plugin
 * routers), with the Golden Path error handling in place of Backstage's,
 * under NODE_ENV and goldenPath.errors.showStackTraces as the portal and a
 * production install set them.
 */

const repoRoot = path.resolve(__dirname, '../../..');
const TOKEN = 'errors-test-static-token-0123456789';
const SECRET = 'hunter2-must-not-be-echoed';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A route on the root router, where only the root error handler answers. */
const rootRoutePlugin = createBackendPlugin({
  pluginId: 'errors-test',
  register(env) {
    env.registerInit({
      deps: { rootHttpRouter: coreServices.rootHttpRouter },
      async init({ rootHttpRouter }) {
        rootHttpRouter.use('/errors-test-root', () => {
          throw new Error('thrown at the root');
        });
      },
    });
  },
});

type Running = { baseUrl: string; stop: () => Promise<void> };

async function startBackend(
  nodeEnv: string,
  errors: { showStackTraces: boolean } | undefined,
): Promise<Running> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const previousNodeEnv = process.env.NODE_ENV;
  // Backstage and our factories read NODE_ENV while the services start.
  process.env.NODE_ENV = nodeEnv;
  const backend = createBackend();
  try {
    backend.add(safeErrorsRootHttpRouterServiceFactory);
    backend.add(safeErrorsHttpRouterServiceFactory);
    backend.add(
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl },
          backend: {
            baseUrl,
            listen: { host: '127.0.0.1', port },
            database: { client: 'better-sqlite3', connection: ':memory:' },
            auth: {
              externalAccess: [
                {
                  type: 'static',
                  options: { token: TOKEN, subject: 'errors-test' },
                },
              ],
            },
          },
          ...(errors ? { goldenPath: { errors } } : {}),
        },
      }),
    );
    backend.add(mockServices.rootLogger.factory());
    backend.add(catalogPlugin);
    backend.add(scaffolderPlugin);
    backend.add(sloPlugin);
    backend.add(adrPlugin);
    backend.add(rootRoutePlugin);
    await backend.start();
  } finally {
    process.env.NODE_ENV = previousNodeEnv;
  }
  return { baseUrl, stop: () => backend.stop() };
}

/** Marks of a stack trace or a source path anywhere in a response. */
function expectNoStackOrPath(text: string) {
  expect(text).not.toContain('"stack"');
  expect(text).not.toContain(repoRoot);
  expect(text).not.toContain('node_modules');
  expect(text).not.toMatch(/\bat .+:\d+:\d+/);
}

describe.each([
  ['NODE_ENV=production, showStackTraces unset', 'production', undefined],
  [
    'NODE_ENV=development, showStackTraces: false (the portal)',
    'development',
    { showStackTraces: false },
  ],
])('error responses with %s', (_, nodeEnv, errors) => {
  let backend: Running;
  const post = (url: string) =>
    request(backend.baseUrl)
      .post(url)
      .set('authorization', `Bearer ${TOKEN}`)
      .set('content-type', 'application/json');

  beforeAll(async () => {
    backend = await startBackend(nodeEnv, errors);
  }, 60_000);

  afterAll(async () => {
    await backend?.stop();
  });

  it.each([
    ['the catalog', '/api/catalog/locations'],
    ['the scaffolder', '/api/scaffolder/v2/tasks'],
    ['the SLO plugin', '/api/slo/v1/sli'],
    ['the ADR plugin', '/api/adr/refresh'],
  ])(
    'answers invalid JSON to %s with one message, no body, no stack',
    async (__, url) => {
      const res = await post(url).send(
        `{"type": "url", "target": "${SECRET}", `,
      );
      expect(res.status).toBe(400);
      expect(res.body.error).toEqual({
        name: 'InputError',
        message: 'the request body is not valid JSON',
      });
      expect(res.text).not.toContain(SECRET);
      expect(res.text).not.toContain('hunter2');
      expectNoStackOrPath(res.text);
    },
  );

  it('names the 1 kB limit of /api/slo/v1/refresh for a 2 kB body', async () => {
    const res = await post('/api/slo/v1/refresh').send(
      JSON.stringify({ token: SECRET, pad: 'x'.repeat(2048) }),
    );
    expect(res.status).toBe(413);
    expect(res.body.error).toEqual({
      name: 'PayloadTooLargeError',
      message: 'the request body is over the limit of 1 kB',
    });
    expect(res.text).not.toContain(SECRET);
    expectNoStackOrPath(res.text);
  });

  it('names the 16 kB limit of /api/adr/refresh for a 17 kB body', async () => {
    const res = await post('/api/adr/refresh').send(
      JSON.stringify({ token: SECRET, pad: 'x'.repeat(17 * 1024) }),
    );
    expect(res.status).toBe(413);
    expect(res.body.error.message).toBe(
      'the request body is over the limit of 16 kB',
    );
    expect(res.text).not.toContain(SECRET);
    expectNoStackOrPath(res.text);
  });

  it('answers an oversized body to the catalog with 413, without the body', async () => {
    // The catalog's OpenAPI router turns body-parser's 413 into an
    // InputError and drops the limit; the status and a plain message are
    // what can be given back.
    const res = await post('/api/catalog/locations').send(
      JSON.stringify({ token: SECRET, pad: 'x'.repeat(200 * 1024) }),
    );
    expect(res.status).toBe(413);
    expect(res.body.error).toEqual({
      name: 'PayloadTooLargeError',
      message: "the request body is over this route's size limit",
    });
    expect(res.text).not.toContain(SECRET);
    expectNoStackOrPath(res.text);
  });

  it('keeps the SLI route its own hint with its own limit', async () => {
    const res = await post('/api/slo/v1/sli').send(
      JSON.stringify({ pad: 'x'.repeat(4 * 1024 * 1024 + 1) }),
    );
    expect(res.status).toBe(413);
    expect(res.body.error.message).toBe(
      'the request body is over the limit of 4 MB; send at most 10000 points per request',
    );
  });

  it('answers a thrown error without its stack trace', async () => {
    const res = await request(backend.baseUrl)
      .get('/api/catalog/entities/by-name/component/default/no-such-thing')
      .set('authorization', `Bearer ${TOKEN}`);
    expect(res.status).toBe(404);
    expect(res.body.error.name).toBe('NotFoundError');
    expectNoStackOrPath(res.text);
  });

  it('answers an error at the root router without its stack trace', async () => {
    const res = await request(backend.baseUrl).get('/errors-test-root');
    expect(res.status).toBe(500);
    expect(res.body.error).toEqual({
      name: 'Error',
      message: 'thrown at the root',
    });
    expectNoStackOrPath(res.text);
  });
});

describe.each([
  ['NODE_ENV=development, showStackTraces unset', 'development', undefined],
  [
    'NODE_ENV=production, showStackTraces: true',
    'production',
    { showStackTraces: true },
  ],
])('error responses with %s', (_, nodeEnv, errors) => {
  let backend: Running;

  beforeAll(async () => {
    backend = await startBackend(nodeEnv, errors);
  }, 60_000);

  afterAll(async () => {
    await backend?.stop();
  });

  it('show stack traces, in plugin routers and at the root', async () => {
    const notFound = await request(backend.baseUrl)
      .get('/api/catalog/entities/by-name/component/default/no-such-thing')
      .set('authorization', `Bearer ${TOKEN}`);
    expect(notFound.status).toBe(404);
    expect(notFound.body.error.stack).toContain('NotFoundError');

    const root = await request(backend.baseUrl).get('/errors-test-root');
    expect(root.status).toBe(500);
    expect(root.body.error.stack).toContain(__filename);
  });

  it('still never echo the body of invalid JSON', async () => {
    const res = await request(backend.baseUrl)
      .post('/api/catalog/locations')
      .set('authorization', `Bearer ${TOKEN}`)
      .set('content-type', 'application/json')
      .send(`{"target": "${SECRET}`);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe('the request body is not valid JSON');
    expect(res.text).not.toContain(SECRET);
  });
});
