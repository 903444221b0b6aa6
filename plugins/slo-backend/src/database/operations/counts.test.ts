import { TestDatabases } from '@backstage/backend-test-utils';
import {
  bucketsFor,
  migratedDatabase,
  MINUTE,
  REF,
  sum,
  T0,
} from '../__testUtils__/sloFixtures';
import { countsBetween, countsOverTime, minuteCounts } from './counts';
import { writeBuckets } from './writeBuckets';

const databases = TestDatabases.create();

describe.each(databases.eachSupportedId())('counts on %s', databaseId => {
  it('reads windows mixing hours and edge minutes exactly like a raw minute scan', async () => {
    const knex = await migratedDatabase(databases, databaseId);
    await writeBuckets({ knex, buckets: bucketsFor(REF, T0, 6 * 60) });
    const cases: Array<[number, number]> = [
      [T0 * MINUTE, (T0 + 360) * MINUTE], // whole hours
      [(T0 + 17) * MINUTE, (T0 + 301) * MINUTE], // partial hours at both edges
      [(T0 + 17) * MINUTE + 30_000, (T0 + 301) * MINUTE - 1], // off-minute bounds
      [(T0 + 61) * MINUTE, (T0 + 119) * MINUTE], // under an hour: minutes only
      [(T0 + 50) * MINUTE, (T0 + 130) * MINUTE], // no whole hour inside
      [(T0 - 600) * MINUTE, (T0 + 1000) * MINUTE], // beyond the data
    ];
    for (const [startMs, endMs] of cases) {
      const window = { knex, sloRef: REF, startMs, endMs };
      const raw = await minuteCounts(window);
      expect(await countsBetween(window)).toEqual(raw.length ? sum(raw) : null);
      expect(sum(await countsOverTime(window))).toEqual(sum(raw));
    }
    expect(
      await countsBetween({
        knex,
        sloRef: REF,
        startMs: (T0 + 1000) * MINUTE,
        endMs: (T0 + 2000) * MINUTE,
      }),
    ).toBeNull();
  });
});
