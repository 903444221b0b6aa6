import { TestDatabases } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  FactValue,
  parseCheckDefinitions,
  ReadinessCheck,
} from '@golden-path/plugin-readiness-common';
import { Knex } from 'knex';
import { defaultFactDefinitions } from '../collectors/defaultFactDefinitions';
import { ReadinessStore } from '../database/ReadinessStore';
import { ReadinessEvaluator } from './ReadinessEvaluator';

const databases = TestDatabases.create();

const component = (name: string, tier?: string, system = 'shop'): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    title: `The ${name}`,
    annotations: tier ? { 'golden-path.io/tier': tier } : {},
  },
  spec: { type: 'service', owner: 'team-a', system, lifecycle: 'production' },
});

function checks(): ReadinessCheck[] {
  const facts = new Map(defaultFactDefinitions().map(f => [f.id, f]));
  const base = {
    description: '',
    remediation: { hint: 'Fix it' },
  };
  const { checks: parsed, errors } = parseCheckDefinitions(
    [
      {
        ...base,
        id: 'runbook',
        title: 'Runbook',
        category: 'operations',
        level: 'bronze',
        tiers: 'all',
        condition: {
          fact: 'catalog.hasRunbook',
          operator: 'equal',
          value: true,
        },
      },
      {
        ...base,
        id: 'dockerfile',
        title: 'Dockerfile',
        category: 'autonomy',
        level: 'bronze',
        tiers: ['critical', 'important', 'standard'],
        condition: {
          fact: 'repository.dockerfile',
          operator: 'equal',
          value: true,
        },
      },
      {
        ...base,
        id: 'apis',
        title: 'API definitions',
        category: 'contracts',
        level: 'silver',
        tiers: ['critical', 'important'],
        condition: {
          fact: 'catalog.apisWithoutDefinition',
          operator: 'lessThanInclusive',
          value: 0,
        },
      },
      {
        ...base,
        id: 'failover-drill',
        title: 'Failover drill',
        category: 'resilience',
        level: 'gold',
        tiers: ['critical'],
        attestation: { validDays: 30 },
        condition: {
          fact: 'attestation.failover-drill',
          operator: 'equal',
          value: true,
        },
      },
    ],
    { source: 'test', facts },
  );
  expect(errors).toEqual([]);
  return parsed;
}

describe.each(databases.eachSupportedId())(
  'ReadinessEvaluator on %s',
  databaseId => {
    let knex: Knex;
    let store: ReadinessStore;
    let now: Date;
    let evaluator: ReadinessEvaluator;

    const collect = (
      collector: string,
      entityRef: string,
      facts: Record<string, FactValue>,
      error: string | null = null,
    ) =>
      store.writeCollection({
        collector,
        entities: [{ entityRef, facts, error }],
        collectedAt: new Date('2026-03-01T00:00:00Z'),
      });

    beforeEach(async () => {
      knex = await databases.init(databaseId);
      now = new Date('2026-03-01T12:00:00Z');
      evaluator = await ReadinessEvaluator.fromKnex(knex, {
        checks: checks(),
        historyDays: 30,
        now: () => now,
      });
      store = evaluator.store;
    });

    it('evaluates each check from the stored facts and derives the level', async () => {
      const ref = 'component:default/orders';
      await collect('catalog', ref, {
        'catalog.hasRunbook': true,
        'catalog.apisWithoutDefinition': 1,
      });
      await collect('repository', ref, { 'repository.dockerfile': true });
      const stats = await evaluator.evaluate(
        [component('orders', 'important')],
        {
          systemDomains: new Map([
            ['system:default/shop', 'domain:default/commerce'],
          ]),
        },
      );
      expect(stats).toMatchObject({
        entities: 1,
        checks: 4,
        outcomes: { pass: 2, fail: 1, error: 0, 'not-applicable': 1 },
        historyPoints: 1,
      });
      expect(await store.getSummary(ref)).toMatchObject({
        title: 'The orders',
        owner: 'group:default/team-a',
        system: 'system:default/shop',
        domain: 'domain:default/commerce',
        tier: 'important',
        level: 'bronze',
        requiredLevel: 'silver',
        meetsRequired: false,
        passed: 2,
        applicable: 3,
      });
      const results = await store.getResults(ref);
      const apis = results.find(r => r.checkId === 'apis')!;
      expect(apis.outcome).toBe('fail');
      expect(apis.facts).toEqual([
        {
          id: 'catalog.apisWithoutDefinition',
          value: 1,
          collectedAt: '2026-03-01T00:00:00.000Z',
          collector: 'catalog',
        },
      ]);
      expect(results.find(r => r.checkId === 'failover-drill')!.outcome).toBe(
        'not-applicable',
      );
    });

    it('holds a component without a tier to the checks of every tier only, and never counts it as meeting its level', async () => {
      const ref = 'component:default/untiered';
      await collect('catalog', ref, { 'catalog.hasRunbook': true });
      await evaluator.evaluate([component('untiered')]);
      expect(await store.getSummary(ref)).toMatchObject({
        tier: null,
        level: 'gold',
        requiredLevel: 'none',
        // No tier says which level it needs: not compliant.
        meetsRequired: false,
        passed: 1,
        applicable: 1,
      });
    });

    it('awaits the first collection of a new component instead of failing it', async () => {
      const ref = 'component:default/fresh';
      const fresh = component('fresh', 'standard');
      await evaluator.evaluate([fresh]);
      const awaiting = await store.getResults(ref);
      expect(awaiting.map(r => [r.checkId, r.outcome])).toEqual(
        expect.arrayContaining([
          ['runbook', 'awaiting'],
          ['dockerfile', 'awaiting'],
        ]),
      );
      expect(awaiting.find(r => r.checkId === 'dockerfile')!.message).toBe(
        'awaiting the first collection of repository.dockerfile',
      );
      expect(awaiting.some(r => r.outcome === 'fail')).toBe(false);
      expect(await store.getSummary(ref)).toMatchObject({
        level: 'none',
        meetsRequired: false,
      });

      // The catalog collector runs: its check gets an outcome, the
      // repository's still awaits.
      await collect('catalog', ref, { 'catalog.hasRunbook': true });
      await evaluator.evaluate([fresh]);
      const partly = await store.getResults(ref);
      expect(partly.find(r => r.checkId === 'runbook')!.outcome).toBe('pass');
      expect(partly.find(r => r.checkId === 'dockerfile')!.outcome).toBe(
        'awaiting',
      );

      // The repository collector runs and finds no Dockerfile: a failure,
      // with a level.
      await collect('repository', ref, { 'repository.dockerfile': false });
      await evaluator.evaluate([fresh]);
      const collected = await store.getResults(ref);
      expect(collected.find(r => r.checkId === 'dockerfile')!.outcome).toBe(
        'fail',
      );
      expect(collected.some(r => r.outcome === 'awaiting')).toBe(false);
    });

    it('fails, not awaits, when a collector ran but found nothing', async () => {
      const ref = 'component:default/empty';
      await store.writeCollection({
        collector: 'repository',
        entities: [{ entityRef: ref, facts: {}, error: 'no repository' }],
        collectedAt: new Date('2026-03-01T00:00:00.000Z'),
      });
      await collect('catalog', ref, { 'catalog.hasRunbook': true });
      await evaluator.evaluate([component('empty', 'standard')]);
      const results = await store.getResults(ref);
      expect(results.find(r => r.checkId === 'dockerfile')!.outcome).toBe(
        'fail',
      );
    });

    it('marks a broken check as error and still evaluates the others', async () => {
      const ref = 'component:default/odd';
      // A value of the wrong type, as a faulty collector might have stored.
      await knex('readiness_facts').insert({
        entity_ref: ref,
        fact_id: 'catalog.apisWithoutDefinition',
        value: JSON.stringify('none'),
        collector: 'catalog',
        collected_at: '2026-03-01T00:00:00.000Z',
      });
      await collect('catalog', ref, { 'catalog.hasRunbook': true });
      await collect('repository', ref, { 'repository.dockerfile': true });
      await evaluator.evaluate([component('odd', 'critical')]);
      const outcomes = Object.fromEntries(
        (await store.getResults(ref)).map(r => [r.checkId, r.outcome]),
      );
      expect(outcomes).toEqual({
        runbook: 'pass',
        dockerfile: 'pass',
        apis: 'error',
        'failover-drill': 'fail',
      });
      expect((await store.getSummary(ref))!.level).toBe('bronze');
    });

    it("names a collector's error on the checks that read its facts", async () => {
      const ref = 'component:default/lost';
      await collect('catalog', ref, { 'catalog.hasRunbook': true });
      await collect(
        'repository',
        ref,
        { 'repository.dockerfile': false },
        'no repository: the entity has none',
      );
      await evaluator.evaluate([component('lost', 'standard')]);
      const results = await store.getResults(ref);
      const dockerfile = results.find(r => r.checkId === 'dockerfile')!;
      expect(dockerfile.outcome).toBe('fail');
      expect(dockerfile.message).toContain(
        '(repository collector: no repository: the entity has none)',
      );
      expect(results.find(r => r.checkId === 'runbook')!.message).not.toContain(
        'collector',
      );
    });

    it('passes an attested check until the attestation expires', async () => {
      const ref = 'component:default/drilled';
      await collect('catalog', ref, {
        'catalog.hasRunbook': true,
        'catalog.apisWithoutDefinition': 0,
      });
      await collect('repository', ref, { 'repository.dockerfile': true });
      await store.addAttestation({
        id: 'a1',
        entityRef: ref,
        checkId: 'failover-drill',
        author: 'user:default/alice',
        comment: 'Drill on 2026-02-28',
        createdAt: '2026-02-28T12:00:00.000Z',
        expiresAt: '2026-03-10T00:00:00.000Z',
      });
      await evaluator.evaluate([component('drilled', 'critical')]);
      let drill = (await store.getResults(ref)).find(
        r => r.checkId === 'failover-drill',
      )!;
      expect(drill.outcome).toBe('pass');
      expect(drill.facts).toEqual([
        {
          id: 'attestation.failover-drill',
          value: true,
          collectedAt: '2026-02-28T12:00:00.000Z',
          collector: 'attestation',
        },
      ]);
      expect((await store.getSummary(ref))!.level).toBe('gold');

      now = new Date('2026-03-10T00:00:01Z');
      await evaluator.evaluate([component('drilled', 'critical')]);
      drill = (await store.getResults(ref)).find(
        r => r.checkId === 'failover-drill',
      )!;
      expect(drill.outcome).toBe('fail');
      expect(drill.facts[0]).toMatchObject({
        value: false,
        collector: 'attestation',
      });
      expect((await store.getSummary(ref))!.level).toBe('silver');
    });

    it('evaluates again only components whose inputs changed', async () => {
      const a = 'component:default/a';
      await collect('catalog', a, { 'catalog.hasRunbook': true });
      const entities = [component('a', 'critical'), component('b', 'critical')];
      expect(await evaluator.evaluate(entities)).toMatchObject({
        entities: 2,
        evaluated: 2,
      });
      // Nothing changed; collected again with the same values.
      await collect('catalog', a, { 'catalog.hasRunbook': true });
      now = new Date('2026-03-01T12:05:00Z');
      expect(await evaluator.evaluate(entities)).toMatchObject({
        evaluated: 0,
        resultsWritten: 0,
      });
      expect((await store.getSummary(a))!.evaluatedAt).toBe(now.toISOString());
      // A fact value changed.
      await collect('catalog', a, { 'catalog.hasRunbook': false });
      expect(await evaluator.evaluate(entities)).toMatchObject({
        evaluated: 1,
        resultsWritten: 1,
      });
      expect(
        (await store.getResults(a)).find(r => r.checkId === 'runbook')!.outcome,
      ).toBe('fail');
      // A collector error appeared.
      await collect('repository', a, {}, 'no repository: none');
      expect((await evaluator.evaluate(entities)).evaluated).toBe(1);
      // The entity changed (its tier).
      expect(
        (
          await evaluator.evaluate([
            component('a', 'standard'),
            component('b', 'critical'),
          ])
        ).evaluated,
      ).toBe(1);
      // An attestation was added, then expired.
      await store.addAttestation({
        id: 'x',
        entityRef: 'component:default/b',
        checkId: 'failover-drill',
        author: 'user:default/alice',
        comment: 'done',
        createdAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + 60_000).toISOString(),
      });
      const again = [component('a', 'standard'), component('b', 'critical')];
      expect((await evaluator.evaluate(again)).evaluated).toBe(1);
      now = new Date(now.getTime() + 120_000);
      expect((await evaluator.evaluate(again)).evaluated).toBe(1);
      expect((await evaluator.evaluate(again)).evaluated).toBe(0);
      expect((await evaluator.evaluate(again, { force: true })).evaluated).toBe(
        2,
      );
      // Other checks in force: everything again.
      const fewer = new ReadinessEvaluator({
        store,
        checks: checks().slice(0, 2),
        now: () => now,
      });
      expect((await fewer.evaluate(again)).evaluated).toBe(2);
      expect((await store.getResults(a)).map(r => r.checkId)).toEqual([
        'dockerfile',
        'runbook',
      ]);
    });

    it('on a complete run, forgets components that left and prunes old history', async () => {
      await evaluator.evaluate([
        component('a', 'standard'),
        component('b', 'standard'),
      ]);
      now = new Date('2026-04-15T12:00:00Z');
      const stats = await evaluator.evaluate([component('a', 'standard')], {
        complete: true,
      });
      expect(stats.removed).toBe(1);
      expect(await store.getSummary('component:default/b')).toBeUndefined();
      // historyDays 30: the March points are gone, today's is there.
      expect(
        await store.history('component:default/a', '2000-01-01'),
      ).toHaveLength(1);
    });

    it('evaluates with the shipped checks when none are given (the benchmark path)', async () => {
      const shipped = await ReadinessEvaluator.fromKnex(knex);
      const entities = Array.from({ length: 40 }, (_, i) =>
        component(
          `svc-${i}`,
          ['critical', 'important', 'standard', 'best-effort'][i % 4],
        ),
      );
      const stats = await shipped.evaluate(entities, { complete: true });
      expect(stats.entities).toBe(40);
      expect(stats.checks).toBe(shipped.checks.length);
      expect(Object.values(stats.outcomes).reduce((sum, n) => sum + n, 0)).toBe(
        40 * shipped.checks.length,
      );
      expect((await shipped.store.listSummaries()).length).toBe(40);
    });
  },
);
