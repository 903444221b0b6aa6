import { CacheService } from '@backstage/backend-plugin-api';
import {
  mockServices,
  ServiceFactoryTester,
  startTestBackend,
  TestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { ReadinessEntityDetail } from '@golden-path/plugin-readiness-common';
import { Knex } from 'knex';
import request from 'supertest';
import readinessPlugin from '..';
import { DatabaseReadinessStore } from '../database/DatabaseReadinessStore';
import { writeCollection } from '../database/operations/collections';
import { ComponentCatalog } from './ComponentCatalog';
import { ReadinessEvaluator } from './ReadinessEvaluator';
import { OverviewSnapshot } from './OverviewSnapshot';
import { ReadinessReadModel } from './ReadinessReadModel';

/** Backstage's own cache service (memory store), as the plugin gets it. */
async function pluginCache(): Promise<CacheService> {
  return ServiceFactoryTester.from(mockServices.cache.factory()).getSubject(
    'readiness',
  );
}

const databases = TestDatabases.create();

const TABLES = [
  'readiness_facts',
  'readiness_collector_runs',
  'readiness_fact_versions',
  'readiness_results',
  'readiness_entities',
  'readiness_history',
  'readiness_attestations',
];

const component = (
  name: string,
  annotations: Record<string, string> = {},
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    title: 'Fresh',
    annotations,
  },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner: 'team-a',
    system: 'shop',
  },
});

describe.each(databases.eachSupportedId())(
  'the readiness read model on %s',
  databaseId => {
    /** Rows per table of the database. */
    const countRows = async (knex: Knex) =>
      Promise.all(
        TABLES.map(async table =>
          Number(
            (
              (await knex(table).count({ n: '*' })) as Array<{
                n: number | string;
              }>
            )[0].n,
          ),
        ),
      );

    describe('over HTTP, before any evaluation', () => {
      let backend: TestBackend;
      let knex: Knex;
      const counts = () => countRows(knex);
      const FRESH = '/api/readiness/v1/entities/component/default/fresh';

      beforeAll(async () => {
        knex = await databases.init(databaseId);
        backend = await startTestBackend({
          features: [
            readinessPlugin,
            mockServices.database.factory({ knex }),
            catalogServiceMock.factory({
              entities: [
                component('fresh', { 'golden-path.io/tier': 'critical' }),
              ],
            }),
            mockServices.rootConfig.factory({ data: {} }),
          ],
        });
        // A collector has stored a fact of it; nothing has evaluated it.
        await writeCollection(knex, {
          collector: 'catalog',
          entities: [
            {
              entityRef: 'component:default/fresh',
              facts: { 'catalog.hasRunbook': true },
              error: null,
            },
          ],
          collectedAt: new Date('2026-03-01T00:00:00Z'),
        });
      }, 60_000);

      afterAll(async () => {
        await backend?.stop();
      });

      it('answers a component never evaluated as awaiting, and writes nothing', async () => {
        const before = await counts();
        expect(before).toEqual([1, 1, 1, 0, 0, 0, 0]);

        const res = await request(backend.server).get(FRESH);
        expect(res.status).toBe(200);
        const body = res.body as ReadinessEntityDetail;
        expect(body).toMatchObject({
          entityRef: 'component:default/fresh',
          title: 'Fresh',
          owner: 'group:default/team-a',
          system: 'system:default/shop',
          tier: 'critical',
          level: 'none',
          requiredLevel: 'gold',
          meetsRequired: false,
          status: 'awaiting',
          passed: 0,
          history: [],
          evaluatedAt: null,
        });
        expect(body.checks.length).toBeGreaterThan(0);
        expect(
          new Set(body.checks.map(c => c.outcome)).has('pass'),
        ).toBeFalsy();
        const runbook = body.checks.find(c => c.check.id === 'runbook-linked')!;
        expect(runbook.outcome).toBe('awaiting');
        expect(runbook.message).toMatch(/^not evaluated yet/);
        // The facts it reads, as stored.
        expect(runbook.facts).toEqual([
          {
            id: 'catalog.hasRunbook',
            value: true,
            collectedAt: '2026-03-01T00:00:00.000Z',
            collector: 'catalog',
          },
        ]);
        expect(body.awaiting).toBe(
          body.checks.filter(c => c.outcome === 'awaiting').length,
        );
        expect(body.applicable).toBe(body.awaiting);

        expect(await counts()).toEqual(before);
      });

      it.each([
        '/api/readiness/v1/checks',
        '/api/readiness/v1/overview',
        '/api/readiness/v1/services?sort=title&q=fresh',
        '/api/readiness/v1/rollups?by=owner',
        `${FRESH}/history`,
        `${FRESH}/attestations`,
        `${FRESH}/collectors`,
      ])('GET %s writes nothing', async path => {
        const before = await counts();
        const res = await request(backend.server).get(path);
        expect(res.status).toBe(200);
        expect(await counts()).toEqual(before);
      });

      it('evaluates it on the explicit refresh', async () => {
        const res = await request(backend.server).post(`${FRESH}/refresh`);
        expect(res.status).toBe(200);
        expect((res.body as ReadinessEntityDetail).evaluatedAt).toEqual(
          expect.any(String),
        );
        const detail = await request(backend.server).get(FRESH);
        expect(detail.body.evaluatedAt).toBe(res.body.evaluatedAt);
        expect(detail.body.checks.map((c: any) => c.outcome)).toContain('pass');
      }, 30_000);
    });

    it('answers a check added since the last evaluation as awaiting, without evaluating', async () => {
      const knex = await databases.init(databaseId);
      const counts = () => countRows(knex);
      const evaluator = await ReadinessEvaluator.fromKnex(knex);
      const [first, second] = evaluator.checks.filter(c =>
        c.tiers.includes('critical'),
      );
      expect(first.id).toBe('owner-group');
      const entity = component('fresh', { 'golden-path.io/tier': 'critical' });
      const onlyFirst = new ReadinessEvaluator({
        store: evaluator.store,
        checks: [first],
      });
      await evaluator.store.writeCollection({
        collector: 'catalog',
        entities: [
          {
            entityRef: 'component:default/fresh',
            facts: { 'catalog.ownerIsGroup': true },
            error: null,
          },
        ],
        collectedAt: new Date(),
      });
      await onlyFirst.evaluate([entity]);
      const readModel = new ReadinessReadModel({
        store: evaluator.store,
        components: {} as ComponentCatalog,
        checks: [first, second],
        facts: [],
        requiredLevels: {
          critical: 'gold',
          important: 'silver',
          standard: 'bronze',
          'best-effort': 'none',
        },
        snapshot: new OverviewSnapshot({
          cache: await pluginCache(),
          store: evaluator.store,
        }),
      });
      const before = await counts();
      const detail = await readModel.detail(entity);
      expect(await counts()).toEqual(before);
      expect(detail.evaluatedAt).toEqual(expect.any(String));
      expect(detail.checks.map(c => [c.check.id, c.outcome])).toEqual([
        [first.id, 'pass'],
        [second.id, 'awaiting'],
      ]);
      expect(detail.awaiting).toBe(1);
      expect(detail.applicable).toBe(2);
      // The store is the one the evaluator migrated.
      expect(evaluator.store).toBeInstanceOf(DatabaseReadinessStore);
    });
  },
);
