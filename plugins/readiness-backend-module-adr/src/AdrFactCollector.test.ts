import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  FakePluginHandler,
  FakePluginServer,
  respondJson as json,
  startFakePluginServer,
} from '@golden-path/plugin-readiness-node/testUtils';
import { AdrFactCollector } from './AdrFactCollector';

const logger = mockServices.logger.mock();

const component = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name },
  spec: {},
});

describe('AdrFactCollector', () => {
  let server: FakePluginServer;
  let answer: FakePluginHandler;
  const discovery = () => server.discovery;
  const auth = mockServices.auth();

  beforeAll(async () => {
    server = await startFakePluginServer((req, res) => answer(req, res));
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
