import { TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import {
  entityEvaluation as evaluation,
  migratedDatabase,
} from '../__testUtils__/entityEvaluation';
import {
  loadSummaryStates,
  touchEvaluations,
  writeEvaluations,
} from './evaluations';
import { history } from './history';
import { getResults, getSummary } from './summaries';

const databases = TestDatabases.create();

describe.each(databases.eachSupportedId())(
  'evaluation operations on %s',
  databaseId => {
    let knex: Knex;

    beforeEach(async () => {
      knex = await migratedDatabase(databases, databaseId);
    });

    it('replaces results, upserts summaries and appends history on change or a new day', async () => {
      const day1 = new Date('2026-01-01T10:00:00Z');
      const day1later = new Date('2026-01-01T18:00:00Z');
      const day1latest = new Date('2026-01-01T20:00:00Z');
      const day2 = new Date('2026-01-02T10:00:00Z');
      const a = 'component:default/a';
      expect(await writeEvaluations(knex, [evaluation(a)], day1)).toMatchObject(
        {
          historyPoints: 1,
        },
      );
      // Unchanged the same day: no new point.
      expect(
        await writeEvaluations(knex, [evaluation(a)], day1later),
      ).toMatchObject({
        historyPoints: 0,
      });
      // Changed: a point.
      const better = evaluation(a, {
        level: 'silver',
        passed: 2,
        results: [evaluation(a).results[0]],
      });
      expect(await writeEvaluations(knex, [better], day1latest)).toMatchObject({
        historyPoints: 1,
      });
      // Unchanged, but a new day: a point.
      expect(await writeEvaluations(knex, [better], day2)).toMatchObject({
        historyPoints: 1,
      });

      expect(
        (await getResults(knex, a)).map(r => [r.checkId, r.outcome]),
      ).toEqual([['runbook-linked', 'pass']]);
      expect((await getResults(knex, a))[0].facts[0]).toMatchObject({
        id: 'catalog.hasRunbook',
        value: true,
      });
      expect(await getSummary(knex, a)).toMatchObject({
        entityRef: a,
        level: 'silver',
        meetsRequired: true,
        passed: 2,
        applicable: 2,
        outcomes: { 'runbook-linked': 'pass' },
        evaluatedAt: day2.toISOString(),
      });
      expect(
        (await history(knex, a, '2026-01-01')).map(p => [
          p.evaluatedAt,
          p.level,
        ]),
      ).toEqual([
        [day1.toISOString(), 'bronze'],
        [day1latest.toISOString(), 'silver'],
        [day2.toISOString(), 'silver'],
      ]);
      expect(await history(knex, a, '2026-01-02')).toHaveLength(1);
    });

    it('rewrites a result only when its outcome, message or a fact value changes', async () => {
      const a = 'component:default/a';
      const first = new Date('2026-01-01T10:00:00Z');
      expect(
        await writeEvaluations(knex, [evaluation(a)], first),
      ).toMatchObject({
        resultsWritten: 2,
      });
      // Collected again, same value: nothing to write.
      const recollected = evaluation(a);
      recollected.results[0].facts[0].collectedAt = '2026-01-01T11:00:00.000Z';
      expect(
        await writeEvaluations(
          knex,
          [recollected],
          new Date('2026-01-01T11:05:00Z'),
        ),
      ).toMatchObject({ resultsWritten: 0 });
      expect((await getResults(knex, a))[0]).toMatchObject({
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
      expect(await writeEvaluations(knex, [changed], later)).toMatchObject({
        resultsWritten: 1,
      });
      const results = await getResults(knex, a);
      expect(results.find(r => r.checkId === 'runbook-linked')).toMatchObject({
        outcome: 'fail',
        evaluatedAt: later.toISOString(),
      });
      expect(results.find(r => r.checkId === 'slo-met')!.evaluatedAt).toBe(
        first.toISOString(),
      );
      // The summary always says when the component was last evaluated.
      expect((await getSummary(knex, a))!.evaluatedAt).toBe(
        later.toISOString(),
      );
    });

    it('moves the time of unchanged evaluations on, with a history point on a new day', async () => {
      const a = 'component:default/a';
      await writeEvaluations(
        knex,
        [evaluation(a)],
        new Date('2026-01-01T10:00:00Z'),
      );
      const state = (await loadSummaryStates(knex, [a])).get(a)!;
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
        await touchEvaluations(
          knex,
          [{ entityRef: a, state }],
          new Date('2026-01-01T12:00:00Z'),
        ),
      ).toEqual({ historyPoints: 0 });
      const later = (await loadSummaryStates(knex))!.get(a)!;
      expect(later.evaluatedAt).toBe('2026-01-01T12:00:00.000Z');
      expect(
        await touchEvaluations(
          knex,
          [{ entityRef: a, state: later }],
          new Date('2026-01-02T08:00:00Z'),
        ),
      ).toEqual({ historyPoints: 1 });
      expect(
        (await history(knex, a, '2026-01-01')).map(p => [
          p.evaluatedAt,
          p.level,
        ]),
      ).toEqual([
        ['2026-01-01T10:00:00.000Z', 'bronze'],
        ['2026-01-02T08:00:00.000Z', 'bronze'],
      ]);
      expect((await getSummary(knex, a))!.evaluatedAt).toBe(
        '2026-01-02T08:00:00.000Z',
      );
    });
  },
);
