import { TestDatabases } from '@backstage/backend-test-utils';
import {
  bucketsFor,
  HOUR,
  hourCounts,
  migratedDatabase,
  MINUTE,
  OTHER,
  REF,
  sum,
  T0,
} from '../__testUtils__/sloFixtures';
import { countsBetween, minuteCounts } from './counts';
import { writeBuckets } from './writeBuckets';

const databases = TestDatabases.create();

describe.each(databases.eachSupportedId())('writeBuckets on %s', databaseId => {
  it('ingests idempotently: the same batch twice gives the same counts', async () => {
    const knex = await migratedDatabase(databases, databaseId);
    const batch = bucketsFor(REF, T0, 150);
    const window = {
      sloRef: REF,
      startMs: T0 * MINUTE,
      endMs: (T0 + 150) * MINUTE,
    };
    expect(await writeBuckets({ knex, buckets: batch })).toEqual([]);
    const once = await countsBetween({ knex, ...window });
    expect(once).toEqual(sum(batch));
    expect(await writeBuckets({ knex, buckets: batch })).toEqual([]);
    expect(await countsBetween({ knex, ...window })).toEqual(once);
    expect(await hourCounts(knex, REF)).toHaveLength(3);
  });

  it('replaces a bucket with new values and keeps the roll-up in step', async () => {
    const knex = await migratedDatabase(databases, databaseId);
    await writeBuckets({ knex, buckets: bucketsFor(REF, T0, 60) });
    await writeBuckets({
      knex,
      buckets: [{ sloRef: REF, minute: T0 + 7, good: 1, total: 2 }],
    });
    const minutes = await minuteCounts({
      knex,
      sloRef: REF,
      startMs: T0 * MINUTE,
      endMs: (T0 + 60) * MINUTE,
    });
    expect(minutes.find(m => m.time === (T0 + 7) * MINUTE)).toEqual({
      time: (T0 + 7) * MINUTE,
      good: 1,
      total: 2,
    });
    expect(await hourCounts(knex, REF)).toEqual([
      { time: T0 * MINUTE, ...sum(minutes) },
    ]);
  });

  it('keeps every hourly roll-up equal to the sum of its minutes', async () => {
    const knex = await migratedDatabase(databases, databaseId);
    // Batches that overlap hours and SLOs, in an odd order.
    await writeBuckets({ knex, buckets: bucketsFor(REF, T0 + 100, 200) });
    await writeBuckets({
      knex,
      buckets: [...bucketsFor(REF, T0 + 30, 100), ...bucketsFor(OTHER, T0, 61)],
    });
    for (const ref of [REF, OTHER]) {
      const minutes = await minuteCounts({
        knex,
        sloRef: ref,
        startMs: 0,
        endMs: (T0 + 1000) * MINUTE,
      });
      const byHour = new Map<number, { good: number; total: number }>();
      for (const m of minutes) {
        const hour = Math.floor(m.time / HOUR) * HOUR;
        const acc = byHour.get(hour) ?? { good: 0, total: 0 };
        acc.good += m.good;
        acc.total += m.total;
        byHour.set(hour, acc);
      }
      expect(await hourCounts(knex, ref)).toEqual(
        [...byHour.entries()]
          .sort(([a], [b]) => a - b)
          .map(([time, counts]) => ({ time, ...counts })),
      );
    }
  });
});
