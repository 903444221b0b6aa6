import { TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { EntityEvaluation, ReadinessStore } from './ReadinessStore';

const databases = TestDatabases.create();

const evaluation = (
  entityRef: string,
  overrides: Partial<EntityEvaluation> = {},
): EntityEvaluation => ({
  entityRef,
  title: null,
  owner: 'group:default/team-a',
  system: 'system:default/shop',
  domain: 'domain:default/commerce',
  tier: 'standard',
  level: 'bronze',
  requiredLevel: 'bronze',
  meetsRequired: true,
  passed: 1,
  applicable: 2,
  inputsSignature: 'inputs-1',
  results: [
    {
      checkId: 'runbook-linked',
      outcome: 'pass',
      message: 'catalog.hasRunbook is true',
      facts: [
        {
          id: 'catalog.hasRunbook',
          value: true,
          collectedAt: '2026-01-01T00:00:00.000Z',
          collector: 'catalog',
        },
      ],
    },
    { checkId: 'slo-met', outcome: 'fail', message: 'no', facts: [] },
  ],
  ...overrides,
});

describe.each(databases.eachSupportedId())(
  'ReadinessStore on %s',
  databaseId => {
    let knex: Knex;
    let store: ReadinessStore;

    beforeEach(async () => {
      knex = await databases.init(databaseId);
      store = await ReadinessStore.create({
        database: { getClient: async () => knex },
      });
    });

    const TABLES = [
      'readiness_facts',
      'readiness_collector_runs',
      'readiness_results',
      'readiness_entities',
      'readiness_history',
      'readiness_attestations',
    ];

    it('migrates up and down, and up again', async () => {
      for (const table of TABLES) {
        expect(await knex.schema.hasTable(table)).toBe(true);
      }
      await ReadinessStore.rollbackAll(knex);
      for (const table of TABLES) {
        expect(await knex.schema.hasTable(table)).toBe(false);
      }
      await ReadinessStore.create({
        database: { getClient: async () => knex },
      });
      expect(await knex.schema.hasTable('readiness_history')).toBe(true);
    });

    it('skips migrations when the database service says so', async () => {
      const fresh = await databases.init(databaseId);
      await ReadinessStore.create({
        database: { getClient: async () => fresh, migrations: { skip: true } },
      });
      expect(await fresh.schema.hasTable('readiness_facts')).toBe(false);
    });

    it('stores facts with their time, keeps facts a later run leaves out, and records errors', async () => {
      const first = new Date('2026-01-01T10:00:00Z');
      const later = new Date('2026-01-01T10:30:00Z');
      await store.writeCollection({
        collector: 'catalog',
        entities: [
          {
            entityRef: 'component:default/a',
            facts: { 'catalog.tier': 'critical', 'catalog.providedApis': 2 },
            error: null,
          },
          {
            entityRef: 'component:default/b',
            facts: { 'catalog.tier': null, 'catalog.tags': ['x', 'y'] },
            error: null,
          },
        ],
        collectedAt: first,
      });
      await store.writeCollection({
        collector: 'catalog',
        entities: [
          {
            entityRef: 'component:default/a',
            facts: { 'catalog.providedApis': 3 },
            error: null,
          },
          {
            entityRef: 'component:default/b',
            facts: {},
            error: 'catalog down',
          },
        ],
        collectedAt: later,
      });
      const facts = await store.loadFacts();
      expect(Object.fromEntries(facts.get('component:default/a')!)).toEqual({
        'catalog.tier': {
          id: 'catalog.tier',
          value: 'critical',
          collectedAt: first.toISOString(),
          collector: 'catalog',
        },
        'catalog.providedApis': {
          id: 'catalog.providedApis',
          value: 3,
          collectedAt: later.toISOString(),
          collector: 'catalog',
        },
      });
      expect(
        facts.get('component:default/b')!.get('catalog.tags')!.value,
      ).toEqual(['x', 'y']);
      expect(
        facts.get('component:default/b')!.get('catalog.tier')!.value,
      ).toBeNull();
      const some = await store.loadFacts([
        'component:default/b',
        'component:default/none',
      ]);
      expect([...some.keys()]).toEqual(['component:default/b']);

      const runs = await store.loadCollectorRuns();
      expect(runs.get('component:default/b')).toEqual([
        {
          collector: 'catalog',
          entityRef: 'component:default/b',
          ranAt: later.toISOString(),
          error: 'catalog down',
        },
      ]);
      expect(runs.get('component:default/a')![0].error).toBeNull();
    });

    it('raises the fact version of an entity only when a value or an error changes', async () => {
      const write = (
        facts: Record<string, unknown>,
        error: string | null = null,
        collector = 'catalog',
      ) =>
        store.writeCollection({
          collector,
          entities: [
            { entityRef: 'component:default/a', facts: facts as any, error },
            { entityRef: 'component:default/b', facts: {}, error: null },
          ],
          collectedAt: new Date(),
        });
      const version = async () =>
        (await store.loadFactVersions()).get('component:default/a');
      await write({ 'catalog.tier': 'critical' });
      expect(await version()).toBe(1);
      await write({ 'catalog.tier': 'critical' });
      expect(await version()).toBe(1);
      await write({ 'catalog.tier': 'standard' });
      expect(await version()).toBe(2);
      await write({ 'catalog.tier': 'standard' }, 'catalog down');
      expect(await version()).toBe(3);
      await write({}, 'catalog down');
      expect(await version()).toBe(3);
      await write({ 'slo.defined': true }, null, 'slo');
      expect(await version()).toBe(4);
      // b never had a fact or an error: only the collectors' first runs
      // changed something for it (they are no longer awaited).
      expect(
        (await store.loadFactVersions(['component:default/b'])).get(
          'component:default/b',
        ),
      ).toBe(2);
    });

    it("prunes one collector's facts and runs of entities that left", async () => {
      const collectedAt = new Date();
      for (const collector of ['catalog', 'slo']) {
        await store.writeCollection({
          collector,
          entities: ['a', 'b'].map(name => ({
            entityRef: `component:default/${name}`,
            facts: { [`${collector}.x`]: true },
            error: null,
          })),
          collectedAt,
        });
      }
      expect(
        await store.pruneCollector('catalog', new Set(['component:default/a'])),
      ).toBe(1);
      const facts = await store.loadFacts();
      expect([...facts.get('component:default/b')!.keys()]).toEqual(['slo.x']);
      expect([...facts.get('component:default/a')!.keys()].sort()).toEqual([
        'catalog.x',
        'slo.x',
      ]);
      const runs = await store.loadCollectorRuns(['component:default/b']);
      expect(runs.get('component:default/b')!.map(r => r.collector)).toEqual([
        'slo',
      ]);
    });

    it('keeps every attestation and answers the newest unexpired one per check', async () => {
      const ref = 'component:default/a';
      const add = (
        id: string,
        checkId: string,
        createdAt: string,
        expiresAt: string,
      ) =>
        store.addAttestation({
          id,
          entityRef: ref,
          checkId,
          author: 'user:default/alice',
          comment: `attested ${id}`,
          createdAt,
          expiresAt,
        });
      await add(
        '1',
        'failover-drill',
        '2026-01-01T00:00:00.000Z',
        '2026-03-01T00:00:00.000Z',
      );
      await add(
        '2',
        'failover-drill',
        '2026-02-01T00:00:00.000Z',
        '2026-02-10T00:00:00.000Z',
      );
      await add(
        '3',
        'threat-model',
        '2026-01-15T00:00:00.000Z',
        '2026-01-20T00:00:00.000Z',
      );
      expect((await store.listAttestations(ref)).map(a => a.id)).toEqual([
        '2',
        '3',
        '1',
      ]);

      const onFeb5 = await store.currentAttestations(
        new Date('2026-02-05T00:00:00Z'),
      );
      expect(onFeb5.get(ref)!.get('failover-drill')!.id).toBe('2');
      expect(onFeb5.get(ref)!.has('threat-model')).toBe(false);
      // The newer one expired: the older one still holds.
      const onFeb20 = await store.currentAttestations(
        new Date('2026-02-20T00:00:00Z'),
        [ref],
      );
      expect(onFeb20.get(ref)!.get('failover-drill')!.id).toBe('1');
      const onMarch2 = await store.currentAttestations(
        new Date('2026-03-02T00:00:00Z'),
        [ref],
      );
      expect(onMarch2.get(ref)).toBeUndefined();
    });

    it('replaces results, upserts summaries and appends history on change or a new day', async () => {
      const day1 = new Date('2026-01-01T10:00:00Z');
      const day1later = new Date('2026-01-01T18:00:00Z');
      const day1latest = new Date('2026-01-01T20:00:00Z');
      const day2 = new Date('2026-01-02T10:00:00Z');
      const a = 'component:default/a';
      expect(await store.writeEvaluations([evaluation(a)], day1)).toMatchObject(
        {
          historyPoints: 1,
        },
      );
      // Unchanged the same day: no new point.
      expect(
        await store.writeEvaluations([evaluation(a)], day1later),
      ).toMatchObject({
        historyPoints: 0,
      });
      // Changed: a point.
      const better = evaluation(a, {
        level: 'silver',
        passed: 2,
        results: [evaluation(a).results[0]],
      });
      expect(await store.writeEvaluations([better], day1latest)).toMatchObject({
        historyPoints: 1,
      });
      // Unchanged, but a new day: a point.
      expect(await store.writeEvaluations([better], day2)).toMatchObject({
        historyPoints: 1,
      });

      expect(
        (await store.getResults(a)).map(r => [r.checkId, r.outcome]),
      ).toEqual([['runbook-linked', 'pass']]);
      expect((await store.getResults(a))[0].facts[0]).toMatchObject({
        id: 'catalog.hasRunbook',
        value: true,
      });
      expect(await store.getSummary(a)).toMatchObject({
        entityRef: a,
        level: 'silver',
        meetsRequired: true,
        passed: 2,
        applicable: 2,
        outcomes: { 'runbook-linked': 'pass' },
        evaluatedAt: day2.toISOString(),
      });
      expect(
        (await store.history(a, '2026-01-01')).map(p => [
          p.evaluatedAt,
          p.level,
        ]),
      ).toEqual([
        [day1.toISOString(), 'bronze'],
        [day1latest.toISOString(), 'silver'],
        [day2.toISOString(), 'silver'],
      ]);
      expect(await store.history(a, '2026-01-02')).toHaveLength(1);
    });

    it('rewrites a result only when its outcome, message or a fact value changes', async () => {
      const a = 'component:default/a';
      const first = new Date('2026-01-01T10:00:00Z');
      expect(
        await store.writeEvaluations([evaluation(a)], first),
      ).toMatchObject({
        resultsWritten: 2,
      });
      // Collected again, same value: nothing to write.
      const recollected = evaluation(a);
      recollected.results[0].facts[0].collectedAt = '2026-01-01T11:00:00.000Z';
      expect(
        await store.writeEvaluations(
          [recollected],
          new Date('2026-01-01T11:05:00Z'),
        ),
      ).toMatchObject({ resultsWritten: 0 });
      expect((await store.getResults(a))[0]).toMatchObject({
        evaluatedAt: first.toISOString(),
        facts: [
          expect.objectContaining({ collectedAt: '2026-01-01T00:00:00.000Z' }),
        ],
      });
      // A value changed: that one result is written.
      const changed = evaluation(a);
      changed.results[0] = {
        ...changed.results[0],
        outcome: 'fail',
        facts: [{ ...changed.results[0].facts[0], value: false }],
      };
      const later = new Date('2026-01-01T12:00:00Z');
      expect(await store.writeEvaluations([changed], later)).toMatchObject({
        resultsWritten: 1,
      });
      const results = await store.getResults(a);
      expect(results.find(r => r.checkId === 'runbook-linked')).toMatchObject({
        outcome: 'fail',
        evaluatedAt: later.toISOString(),
      });
      expect(results.find(r => r.checkId === 'slo-met')!.evaluatedAt).toBe(
        first.toISOString(),
      );
      // The summary always says when the component was last evaluated.
      expect((await store.getSummary(a))!.evaluatedAt).toBe(
        later.toISOString(),
      );
    });

    it('counts the last evaluation of each day per service for the trend, filtered', async () => {
      const a = 'component:default/a';
      const b = 'component:default/b';
      const c = 'component:default/c';
      await store.writeEvaluations(
        [
          evaluation(a, { level: 'none', meetsRequired: false }),
          evaluation(b, { owner: 'group:default/team-b' }),
          evaluation(c),
        ],
        new Date('2026-01-01T08:00:00Z'),
      );
      await store.writeEvaluations(
        [evaluation(a, { level: 'bronze', meetsRequired: true })],
        new Date('2026-01-01T20:00:00Z'),
      );
      await store.writeEvaluations(
        [
          evaluation(a, { level: 'gold' }),
          evaluation(b, { owner: 'group:default/team-b' }),
        ],
        new Date('2026-01-02T08:00:00Z'),
      );
      // c left the catalog: its summary goes, and so does it from the trend.
      expect(await store.removeEvaluationsExcept(new Set([a, b]))).toEqual([c]);
      expect(await store.getResults(c)).toEqual([]);

      expect(await store.trend({ sinceDay: '2026-01-01' })).toEqual([
        { day: '2026-01-01', level: 'bronze', meetsRequired: true, count: 2 },
        { day: '2026-01-02', level: 'bronze', meetsRequired: true, count: 1 },
        { day: '2026-01-02', level: 'gold', meetsRequired: true, count: 1 },
      ]);
      expect(
        await store.trend({
          sinceDay: '2026-01-02',
          filter: { owner: ['group:default/team-b'] },
        }),
      ).toEqual([
        { day: '2026-01-02', level: 'bronze', meetsRequired: true, count: 1 },
      ]);

      expect(await store.pruneHistory('2026-01-02')).toBe(4);
      expect(await store.trend({ sinceDay: '2000-01-01' })).toHaveLength(2);
    });

    it('moves the time of unchanged evaluations on, with a history point on a new day', async () => {
      const a = 'component:default/a';
      await store.writeEvaluations(
        [evaluation(a)],
        new Date('2026-01-01T10:00:00Z'),
      );
      const state = (await store.loadSummaryStates([a])).get(a)!;
      expect(state).toEqual({
        inputsSignature: 'inputs-1',
        level: 'bronze',
        requiredLevel: 'bronze',
        meetsRequired: true,
        passed: 1,
        applicable: 2,
        evaluatedAt: '2026-01-01T10:00:00.000Z',
      });
      expect(
        await store.touchEvaluations(
          [{ entityRef: a, state }],
          new Date('2026-01-01T12:00:00Z'),
        ),
      ).toEqual({ historyPoints: 0 });
      const later = (await store.loadSummaryStates())!.get(a)!;
      expect(later.evaluatedAt).toBe('2026-01-01T12:00:00.000Z');
      expect(
        await store.touchEvaluations(
          [{ entityRef: a, state: later }],
          new Date('2026-01-02T08:00:00Z'),
        ),
      ).toEqual({ historyPoints: 1 });
      expect(
        (await store.history(a, '2026-01-01')).map(p => [
          p.evaluatedAt,
          p.level,
        ]),
      ).toEqual([
        ['2026-01-01T10:00:00.000Z', 'bronze'],
        ['2026-01-02T08:00:00.000Z', 'bronze'],
      ]);
      expect((await store.getSummary(a))!.evaluatedAt).toBe(
        '2026-01-02T08:00:00.000Z',
      );
    });

    it('lists summaries by owner, system and tier', async () => {
      await store.writeEvaluations(
        [
          evaluation('component:default/a'),
          evaluation('component:default/b', {
            owner: 'group:default/team-b',
            tier: 'critical',
          }),
          evaluation('component:default/c', { system: null, tier: null }),
        ],
        new Date(),
      );
      const refs = async (
        filter: Parameters<ReadinessStore['listSummaries']>[0],
      ) =>
        (await store.listSummaries(filter)).map(s => s.entityRef.split('/')[1]);
      expect(await refs({})).toEqual(['a', 'b', 'c']);
      expect(await refs({ owner: ['group:default/team-b'] })).toEqual(['b']);
      expect(await refs({ system: ['system:default/shop'] })).toEqual([
        'a',
        'b',
      ]);
      expect(await refs({ tier: ['critical', 'standard'] })).toEqual([
        'a',
        'b',
      ]);
    });
  },
);
