import { TestDatabases } from '@backstage/backend-test-utils';
import {
  bucketsFor,
  hourCounts,
  migratedDatabase,
  MINUTE,
  REF,
  T0,
} from '../__testUtils__/sloFixtures';
import { countsBetween, minuteCounts } from './counts';
import { prune } from './prune';
import { writeBuckets } from './writeBuckets';

const databases = TestDatabases.create();

describe.each(databases.eachSupportedId())('prune on %s', databaseId => {
  it('prunes minutes by whole hours, keeps roll-ups, and refuses writes into pruned hours', async () => {
    const knex = await migratedDatabase(databases, databaseId);
    await writeBuckets({ knex, buckets: bucketsFor(REF, T0, 3 * 60) });
    const threeHours = {
      knex,
      sloRef: REF,
      startMs: T0 * MINUTE,
      endMs: (T0 + 180) * MINUTE,
    };
    const before = await countsBetween(threeHours);
    // The cutoff inside the second hour prunes only the first.
    const result = await prune({
      knex,
      minutesBefore: new Date((T0 + 90) * MINUTE),
      hoursBefore: new Date(0),
    });
    expect(result).toEqual({ minutes: 60, hours: 0 });
    expect(await minuteCounts(threeHours)).toHaveLength(120);
    // Whole-hour windows still read the roll-up of the pruned hour.
    expect(await countsBetween(threeHours)).toEqual(before);
    const refused = await writeBuckets({
      knex,
      buckets: [
        { sloRef: REF, minute: T0 + 5, good: 1, total: 1 },
        { sloRef: REF, minute: T0 + 65, good: 1, total: 1 },
      ],
    });
    expect(refused).toEqual([{ sloRef: REF, hour: T0 / 60 }]);
    // All or nothing: the bucket in the open hour was not written either.
    const open = await minuteCounts({
      knex,
      sloRef: REF,
      startMs: (T0 + 65) * MINUTE,
      endMs: (T0 + 66) * MINUTE,
    });
    expect(open[0].good).not.toBe(1);
    // Hour retention removes old roll-ups.
    expect(
      await prune({
        knex,
        minutesBefore: new Date((T0 + 90) * MINUTE),
        hoursBefore: new Date((T0 + 120) * MINUTE),
      }),
    ).toEqual({ minutes: 0, hours: 2 });
    expect(await hourCounts(knex, REF)).toHaveLength(1);
  });
});
