import { TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import {
  entityEvaluation as evaluation,
  migratedDatabase,
} from '../__testUtils__/entityEvaluation';
import { removeEvaluationsExcept, writeEvaluations } from './evaluations';
import { pruneHistory, trend } from './history';
import { getResults } from './summaries';

const databases = TestDatabases.create();

describe.each(databases.eachSupportedId())(
  'history operations on %s',
  databaseId => {
    let knex: Knex;

    beforeEach(async () => {
      knex = await migratedDatabase(databases, databaseId);
    });

    it('counts the last evaluation of each day per service for the trend, filtered', async () => {
      const a = 'component:default/a';
      const b = 'component:default/b';
      const c = 'component:default/c';
      await writeEvaluations(
        knex,
        [
          evaluation(a, { level: 'none', meetsRequired: false }),
          evaluation(b, { owner: 'group:default/team-b' }),
          evaluation(c),
        ],
        new Date('2026-01-01T08:00:00Z'),
      );
      await writeEvaluations(
        knex,
        [evaluation(a, { level: 'bronze', meetsRequired: true })],
        new Date('2026-01-01T20:00:00Z'),
      );
      await writeEvaluations(
        knex,
        [
          evaluation(a, { level: 'gold' }),
          evaluation(b, { owner: 'group:default/team-b' }),
        ],
        new Date('2026-01-02T08:00:00Z'),
      );
      // c left the catalog: its summary goes, and so does it from the trend.
      expect(await removeEvaluationsExcept(knex, new Set([a, b]))).toEqual([c]);
      expect(await getResults(knex, c)).toEqual([]);

      expect(await trend(knex, { sinceDay: '2026-01-01' })).toEqual([
        { day: '2026-01-01', level: 'bronze', meetsRequired: true, count: 2 },
        { day: '2026-01-02', level: 'bronze', meetsRequired: true, count: 1 },
        { day: '2026-01-02', level: 'gold', meetsRequired: true, count: 1 },
      ]);
      expect(
        await trend(knex, {
          sinceDay: '2026-01-02',
          filter: { owner: ['group:default/team-b'] },
        }),
      ).toEqual([
        { day: '2026-01-02', level: 'bronze', meetsRequired: true, count: 1 },
      ]);

      expect(await pruneHistory(knex, '2026-01-02')).toBe(4);
      expect(await trend(knex, { sinceDay: '2000-01-01' })).toHaveLength(2);
    });
  },
);
