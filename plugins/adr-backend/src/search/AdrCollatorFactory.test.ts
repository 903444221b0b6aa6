import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { createBackendPlugin } from '@backstage/backend-plugin-api';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { searchIndexRegistryExtensionPoint } from '@backstage/plugin-search-backend-node/alpha';
import { RegisterCollatorParameters } from '@backstage/plugin-search-backend-node';
import { createMockDirectory } from '@backstage/backend-test-utils';
import request from 'supertest';
import { adrEntities, adrFiles } from '../__fixtures__/adrFixtures';
import adrPlugin, { adrSearchModule } from '..';
import { AdrDocument, markdownToSearchText } from './AdrCollatorFactory';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

/** Stands in for the search plugin: keeps the registered collators. */
function searchCollector(collators: RegisterCollatorParameters[]) {
  return createBackendPlugin({
    pluginId: 'search',
    register(env) {
      env.registerExtensionPoint(searchIndexRegistryExtensionPoint, {
        addCollator: options => collators.push(options),
        addDecorator: () => {},
      });
      env.registerInit({ deps: {}, async init() {} });
    },
  });
}

describe('adrSearchModule', () => {
  const dir = createMockDirectory();

  it('collects every ADR through the REST API with a service token', async () => {
    dir.setContent(adrFiles());
    const collators: RegisterCollatorParameters[] = [];
    const backend = await startTestBackend({
      features: [
        adrPlugin,
        adrSearchModule,
        searchCollector(collators),
        mockServices.database.factory({
          knex: await databases.init('SQLITE_3'),
        }),
        catalogServiceMock.factory({ entities: adrEntities(dir.path) }),
        mockServices.rootConfig.factory({
          data: { goldenPath: { adr: { localRoots: [dir.resolve('adrs')] } } },
        }),
      ],
    });
    try {
      await request(backend.server)
        .post('/api/adr/refresh')
        .set('authorization', mockCredentials.user.header())
        .send({});
      expect(collators).toHaveLength(1);
      expect(collators[0].factory.type).toBe('adr');
      expect(collators[0].factory.visibilityPermission?.name).toBe(
        'adr.record.read',
      );
      const documents: AdrDocument[] = [];
      for await (const doc of await collators[0].factory.getCollator()) {
        documents.push(doc);
      }
      expect(documents).toHaveLength(10);
      const kafka = documents.find(
        d => d.title === 'ADR 0003: Use Kafka for events',
      );
      expect(kafka).toEqual({
        title: 'ADR 0003: Use Kafka for events',
        text: 'Use Kafka for events We will publish order events to Kafka.',
        location: '/adrs/component/default/orders/0003-use-kafka.md',
        entityRef: 'component:default/orders',
        status: 'proposed',
        owner: 'group:default/team-orders',
        system: 'system:default/shop',
        date: '2023-01-01',
        authorization: {
          resourceRef: 'component:default/orders#0003-use-kafka.md',
        },
      });
      const nested = documents.find(d => d.location.endsWith('0010-nested.md'));
      expect(nested?.location).toBe(
        '/adrs/component/default/orders/sub/0010-nested.md',
      );
      const script = documents.find(d => d.title.includes('Script'))!;
      expect(script.text).not.toContain('<script>');
    } finally {
      await backend.stop();
    }
  }, 30_000);
});

describe('markdownToSearchText', () => {
  it('keeps words and drops markup', () => {
    expect(
      markdownToSearchText(
        '## Title\n\n* a **bold** [link](https://x) ![img](a.png)\n```js\ncode()\n```\n<b onclick="x">html</b>',
      ),
    ).toBe('Title a bold link img html');
  });

  it('drops Mermaid diagrams and other fenced code with their content', () => {
    const text = markdownToSearchText(
      [
        '## Decision',
        '',
        'We publish events through an outbox.',
        '',
        '```mermaid',
        'sequenceDiagram',
        '  participant API',
        '  API->>DB: insert order + outbox row',
        '```',
        '',
        '~~~~sql',
        'SELECT * FROM outbox;',
        '~~~~',
        '',
        'A relay sends them.',
      ].join('\n'),
    );
    expect(text).toBe(
      'Decision We publish events through an outbox. A relay sends them.',
    );
  });

  it('drops an unclosed fence to the end rather than indexing code', () => {
    expect(markdownToSearchText('Intro\n```mermaid\ngraph TD; A-->B')).toBe(
      'Intro',
    );
  });

  it('drops front matter, HTML blocks, scripts and comments, and decodes entities', () => {
    expect(
      markdownToSearchText(
        [
          '---',
          'status: accepted',
          'date: 2024-01-02',
          '---',
          '# Use Kafka &amp; NATS',
          '<!-- a note',
          'over lines -->',
          '<details><summary>More</summary>',
          '<script>alert(1)</script>',
          'Rock &#38; roll &#x2014; fine</details>',
        ].join('\n'),
      ),
    ).toBe('Use Kafka & NATS More Rock & roll \u2014 fine');
  });

  it('keeps the words of tables, quotes, lists and links but not their syntax', () => {
    expect(
      markdownToSearchText(
        [
          '| Option | Cost |',
          '| :--- | ---: |',
          '| Kafka | high |',
          '',
          '> quoted *words*',
          '',
          '1. first',
          '   - nested [ref link][1]',
          '',
          'Heading',
          '=======',
          '',
          '---',
          '',
          'See <https://example.com/adr>.',
          '',
          '[1]: https://example.com/ref',
        ].join('\n'),
      ),
    ).toBe(
      'Option Cost Kafka high quoted words first nested ref link Heading See https://example.com/adr.',
    );
  });
});
