import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  FactCollector,
  FactCollectorResult,
} from '@golden-path/plugin-readiness-node';
import { DatabaseReadinessStore } from '../database/DatabaseReadinessStore';
import { ReadinessStore } from '../database/ReadinessStore';
import { FactCollection } from './FactCollection';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const component = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name },
  spec: {},
});

const collector = (collect: FactCollector['collect']): FactCollector => ({
  id: 'sonar',
  facts: [
    {
      id: 'sonar.coverage',
      type: 'number',
      description: 'Coverage',
      collector: 'sonar',
    },
    {
      id: 'sonar.tags',
      type: 'string[]',
      description: 'Tags',
      collector: 'sonar',
    },
  ],
  collect,
});

describe('FactCollection', () => {
  let store: ReadinessStore;
  let collection: FactCollection;

  beforeEach(async () => {
    const knex = await databases.init('SQLITE_3');
    store = await DatabaseReadinessStore.create({
      database: { getClient: async () => knex },
    });
    collection = new FactCollection({
      store,
      logger: mockServices.logger.mock(),
    });
  });

  it('stores declared facts of the right type and names what it left out', async () => {
    const stats = await collection.run(
      collector(
        async (): Promise<FactCollectorResult[]> => [
          {
            entityRef: 'Component:default/A',
            facts: {
              'sonar.coverage': 81.5,
              'sonar.tags': ['x'],
              'sonar.bugs': 3,
            },
          },
          {
            entityRef: 'component:default/b',
            facts: { 'sonar.coverage': 'high' as any, 'sonar.tags': null },
            error: 'project not analysed yet',
          },
          {
            entityRef: 'component:default/stranger',
            facts: { 'sonar.coverage': 1 },
          },
        ],
      ),
      [component('a'), component('b')],
    );
    expect(stats).toMatchObject({ collector: 'sonar', entities: 2, failed: 2 });
    const facts = await store.loadFacts();
    expect([...facts.keys()].sort()).toEqual([
      'component:default/a',
      'component:default/b',
    ]);
    expect(facts.get('component:default/a')!.get('sonar.coverage')!.value).toBe(
      81.5,
    );
    expect(facts.get('component:default/a')!.has('sonar.bugs')).toBe(false);
    expect(facts.get('component:default/b')!.has('sonar.coverage')).toBe(false);
    expect(
      facts.get('component:default/b')!.get('sonar.tags')!.value,
    ).toBeNull();
    const runs = await store.loadCollectorRuns();
    expect(runs.get('component:default/a')![0].error).toBe(
      'ignored: sonar.bugs is not a fact the collector declares',
    );
    expect(runs.get('component:default/b')![0].error).toBe(
      'project not analysed yet; ignored: sonar.coverage expected a finite number, got text',
    );
  });

  it('records a thrown error for every entity and keeps the facts it had', async () => {
    await collection.run(
      collector(async () => [
        { entityRef: 'component:default/a', facts: { 'sonar.coverage': 50 } },
      ]),
      [component('a')],
    );
    const stats = await collection.run(
      collector(async () => {
        throw new Error('sonar is down');
      }),
      [component('a'), component('b')],
    );
    expect(stats).toMatchObject({ entities: 2, failed: 2 });
    const facts = await store.loadFacts();
    expect(facts.get('component:default/a')!.get('sonar.coverage')!.value).toBe(
      50,
    );
    const runs = await store.loadCollectorRuns();
    expect(runs.get('component:default/b')![0].error).toBe('sonar is down');
    expect(runs.get('component:default/a')![0].error).toBe('sonar is down');
  });
});
