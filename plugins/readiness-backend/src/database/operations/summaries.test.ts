import { TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import {
  entityEvaluation as evaluation,
  migratedDatabase,
} from '../__testUtils__/entityEvaluation';
import { SummaryFilter } from '../ReadinessStore';
import { writeEvaluations } from './evaluations';
import { listSummaries } from './summaries';

const databases = TestDatabases.create();

describe.each(databases.eachSupportedId())(
  'summary operations on %s',
  databaseId => {
    let knex: Knex;

    beforeEach(async () => {
      knex = await migratedDatabase(databases, databaseId);
    });

    it('lists summaries by owner, system and tier', async () => {
      await writeEvaluations(
        knex,
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
      const refs = async (filter: SummaryFilter) =>
        (await listSummaries(knex, filter)).map(s => s.entityRef.split('/')[1]);
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
