import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { AdrFactCollector } from './AdrFactCollector';

const logger = mockServices.logger.mock();

const component = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name },
  spec: {},
});

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

/** A real HTTP server standing in for the ADR backend. */
async function startServer(handler: Handler) {
  const server = http.createServer(handler);
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const requests: Array<{ url: string; authorization?: string }> = [];
  server.on('request', req =>
    requests.push({ url: req.url!, authorization: req.headers.authorization }),
  );
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
}

const json = (res: http.ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

describe('AdrFactCollector', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let answer: Handler;
  const discovery = () => ({
    getBaseUrl: async (pluginId: string) => `${server.baseUrl}/api/${pluginId}`,
    getExternalBaseUrl: async (pluginId: string) =>
      `${server.baseUrl}/api/${pluginId}`,
  });
  const auth = mockServices.auth();

  beforeAll(async () => {
    server = await startServer((req, res) => answer(req, res));
  });
  afterAll(() => server.close());

  it('does not follow redirects', async () => {
    answer = (_req, res) => {
      res.writeHead(302, {
        location: 'http://169.254.169.254/latest/meta-data',
      });
      res.end();
    };
    await expect(
      new AdrFactCollector({ discovery: discovery(), auth }).collect(
        [component('a')],
        { logger },
      ),
    ).rejects.toThrow(
      'the ADR backend could not be reached (GET /api/adr/facets)',
    );
  });
  it('counts ADRs per entity from the ADR facets; an entity not listed has none', async () => {
    answer = (req, res) =>
      req.url === '/api/adr/facets'
        ? json(res, 200, {
            owners: [],
            systems: [],
            entities: [
              { value: 'component:default/documented', count: 4 },
              { value: 'component:default/one', count: 1 },
            ],
            decisionMakers: [],
          })
        : json(res, 404, {});
    const results = await new AdrFactCollector({
      discovery: discovery(),
      auth,
    }).collect(['documented', 'one', 'undocumented'].map(component), {
      logger,
    });
    expect(results).toEqual([
      { entityRef: 'component:default/documented', facts: { 'adr.count': 4 } },
      { entityRef: 'component:default/one', facts: { 'adr.count': 1 } },
      {
        entityRef: 'component:default/undocumented',
        facts: { 'adr.count': 0 },
      },
    ]);
  });
  it('fails naming the ADR backend when the plugin is not installed', async () => {
    answer = (_req, res) => json(res, 404, { error: { message: 'Not Found' } });
    await expect(
      new AdrFactCollector({ discovery: discovery(), auth }).collect(
        [component('a')],
        { logger },
      ),
    ).rejects.toThrow(
      'the ADR backend answered 404 Not Found to GET /api/adr/facets: Not Found',
    );
  });
});
