import { TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { SloDefinition } from './SloDefinition';
import { SliBucket, SloStore } from './SloStore';

const databases = TestDatabases.create();

const REF = 'component:default/orders#orders-availability';
const OTHER = 'component:default/orders#orders-latency';
const MINUTE = 60_000;
const HOUR = 3_600_000;
// 2026-03-01T00:00:00Z in minutes since the epoch.
const T0 = Date.parse('2026-03-01T00:00:00Z') / MINUTE;

const definition = (sloRef: string): SloDefinition => ({
  sloRef,
  entityRef: 'component:default/orders',
  name: sloRef.split('#')[1],
  objective: 'availability',
  source: 'tier',
  tier: 'important',
  target: 0.999,
  thresholdMs: null,
  timeWindow: {
    isRolling: true,
    duration: { amount: 30, unit: 'd', text: '30d' },
  },
  budgetingMethod: 'Occurrences',
  timeSliceTarget: null,
  timeSliceWindowMs: null,
  dataSource: { type: 'builtin' },
  tierViolations: [],
});

/** Deterministic, uneven counts so sums catch a missing or doubled bucket. */
function bucketsFor(sloRef: string, fromMinute: number, minutes: number) {
  const buckets: SliBucket[] = [];
  for (let m = fromMinute; m < fromMinute + minutes; m++) {
    const total = 100 + (m % 37);
    buckets.push({ sloRef, minute: m, good: total - (m % 5), total });
  }
  return buckets;
}

function sum(buckets: Array<{ good: number; total: number }>) {
  return buckets.reduce(
    (acc, b) => ({ good: acc.good + b.good, total: acc.total + b.total }),
    { good: 0, total: 0 },
  );
}

describe.each(databases.eachSupportedId())('SloStore on %s', databaseId => {
  let knex: Knex;
  let store: SloStore;
  /** The hourly roll-ups of an SLO, read from the table itself. */
  const hourCounts = async (sloRef: string) =>
    (
      await knex('slo_sli_hours')
        .select('hour', 'good', 'total')
        .where({ slo_ref: sloRef })
        .orderBy('hour')
    ).map(row => ({
      time: Number(row.hour) * HOUR,
      good: Number(row.good),
      total: Number(row.total),
    }));

  beforeEach(async () => {
    knex = await databases.init(databaseId);
    store = await SloStore.create({
      database: { getClient: async () => knex },
    });
  });

  it('migrates up and down, and up again', async () => {
    const tables = [
      'slo_entities',
      'slo_definitions',
      'slo_sli_minutes',
      'slo_sli_hours',
      'slo_summaries',
    ];
    for (const table of tables) {
      expect(await knex.schema.hasTable(table)).toBe(true);
    }
    await SloStore.rollbackAll(knex);
    for (const table of tables) {
      expect(await knex.schema.hasTable(table)).toBe(false);
    }
    await SloStore.create({ database: { getClient: async () => knex } });
    expect(await knex.schema.hasTable('slo_sli_hours')).toBe(true);
  });

  it('skips migrations when the database service says so', async () => {
    const fresh = await databases.init(databaseId);
    await SloStore.create({
      database: { getClient: async () => fresh, migrations: { skip: true } },
    });
    expect(await fresh.schema.hasTable('slo_sli_minutes')).toBe(false);
  });

  it('replaces definitions and entities, dropping summaries of gone SLOs', async () => {
    const now = new Date('2026-03-02T00:00:00Z');
    await store.replaceDefinitions({
      entities: [
        {
          entityRef: 'component:default/orders',
          title: null,
          owner: 'group:default/team-a',
          system: null,
          tier: 'important',
          errors: ['x'],
        },
      ],
      definitions: [definition(REF), definition(OTHER)],
      now,
    });
    await store.writeSummaries(
      [REF, OTHER].map(ref => ({
        summary: { ref, entityRef: 'component:default/orders' } as any,
        burnDown: [],
      })),
      now,
    );
    await store.replaceDefinitions({
      entities: [],
      definitions: [definition(REF)],
      now,
    });
    expect((await store.listDefinitions()).map(d => d.sloRef)).toEqual([REF]);
    expect(await store.listEntities()).toEqual([]);
    expect((await store.listSummaries({})).map(s => s.summary.ref)).toEqual([
      REF,
    ]);
    expect([...(await store.getDefinitions([REF, 'nope#x'])).keys()]).toEqual([
      REF,
    ]);
  });

  it('ingests idempotently: the same batch twice gives the same counts', async () => {
    const batch = bucketsFor(REF, T0, 150);
    expect(await store.writeBuckets(batch)).toEqual([]);
    const once = await store.countsBetween(
      REF,
      T0 * MINUTE,
      (T0 + 150) * MINUTE,
    );
    expect(once).toEqual(sum(batch));
    expect(await store.writeBuckets(batch)).toEqual([]);
    expect(
      await store.countsBetween(REF, T0 * MINUTE, (T0 + 150) * MINUTE),
    ).toEqual(once);
    expect(await hourCounts(REF)).toHaveLength(3);
  });

  it('replaces a bucket with new values and keeps the roll-up in step', async () => {
    await store.writeBuckets(bucketsFor(REF, T0, 60));
    await store.writeBuckets([
      { sloRef: REF, minute: T0 + 7, good: 1, total: 2 },
    ]);
    const minutes = await store.minuteCounts(
      REF,
      T0 * MINUTE,
      (T0 + 60) * MINUTE,
    );
    expect(minutes.find(m => m.time === (T0 + 7) * MINUTE)).toEqual({
      time: (T0 + 7) * MINUTE,
      good: 1,
      total: 2,
    });
    expect(await hourCounts(REF)).toEqual([
      { time: T0 * MINUTE, ...sum(minutes) },
    ]);
  });

  it('keeps every hourly roll-up equal to the sum of its minutes', async () => {
    // Batches that overlap hours and SLOs, in an odd order.
    await store.writeBuckets(bucketsFor(REF, T0 + 100, 200));
    await store.writeBuckets([
      ...bucketsFor(REF, T0 + 30, 100),
      ...bucketsFor(OTHER, T0, 61),
    ]);
    for (const ref of [REF, OTHER]) {
      const minutes = await store.minuteCounts(ref, 0, (T0 + 1000) * MINUTE);
      const byHour = new Map<number, { good: number; total: number }>();
      for (const m of minutes) {
        const hour = Math.floor(m.time / HOUR) * HOUR;
        const acc = byHour.get(hour) ?? { good: 0, total: 0 };
        acc.good += m.good;
        acc.total += m.total;
        byHour.set(hour, acc);
      }
      expect(await hourCounts(ref)).toEqual(
        [...byHour.entries()]
          .sort(([a], [b]) => a - b)
          .map(([time, counts]) => ({ time, ...counts })),
      );
    }
  });

  it('reads windows mixing hours and edge minutes exactly like a raw minute scan', async () => {
    await store.writeBuckets(bucketsFor(REF, T0, 6 * 60));
    const cases: Array<[number, number]> = [
      [T0 * MINUTE, (T0 + 360) * MINUTE], // whole hours
      [(T0 + 17) * MINUTE, (T0 + 301) * MINUTE], // partial hours at both edges
      [(T0 + 17) * MINUTE + 30_000, (T0 + 301) * MINUTE - 1], // off-minute bounds
      [(T0 + 61) * MINUTE, (T0 + 119) * MINUTE], // under an hour: minutes only
      [(T0 + 50) * MINUTE, (T0 + 130) * MINUTE], // no whole hour inside
      [(T0 - 600) * MINUTE, (T0 + 1000) * MINUTE], // beyond the data
    ];
    for (const [start, end] of cases) {
      const raw = await store.minuteCounts(REF, start, end);
      expect(await store.countsBetween(REF, start, end)).toEqual(
        raw.length ? sum(raw) : null,
      );
      expect(sum(await store.countsOverTime(REF, start, end))).toEqual(
        sum(raw),
      );
    }
    expect(
      await store.countsBetween(
        REF,
        (T0 + 1000) * MINUTE,
        (T0 + 2000) * MINUTE,
      ),
    ).toBeNull();
  });

  it('prunes minutes by whole hours, keeps roll-ups, and refuses writes into pruned hours', async () => {
    await store.writeBuckets(bucketsFor(REF, T0, 3 * 60));
    const before = await store.countsBetween(
      REF,
      T0 * MINUTE,
      (T0 + 180) * MINUTE,
    );
    // The cutoff inside the second hour prunes only the first.
    const result = await store.prune({
      minutesBefore: new Date((T0 + 90) * MINUTE),
      hoursBefore: new Date(0),
    });
    expect(result).toEqual({ minutes: 60, hours: 0 });
    expect(
      await store.minuteCounts(REF, T0 * MINUTE, (T0 + 180) * MINUTE),
    ).toHaveLength(120);
    // Whole-hour windows still read the roll-up of the pruned hour.
    expect(
      await store.countsBetween(REF, T0 * MINUTE, (T0 + 180) * MINUTE),
    ).toEqual(before);
    const refused = await store.writeBuckets([
      { sloRef: REF, minute: T0 + 5, good: 1, total: 1 },
      { sloRef: REF, minute: T0 + 65, good: 1, total: 1 },
    ]);
    expect(refused).toEqual([{ sloRef: REF, hour: T0 / 60 }]);
    // All or nothing: the bucket in the open hour was not written either.
    const open = await store.minuteCounts(
      REF,
      (T0 + 65) * MINUTE,
      (T0 + 66) * MINUTE,
    );
    expect(open[0].good).not.toBe(1);
    // Hour retention removes old roll-ups.
    expect(
      await store.prune({
        minutesBefore: new Date((T0 + 90) * MINUTE),
        hoursBefore: new Date((T0 + 120) * MINUTE),
      }),
    ).toEqual({ minutes: 0, hours: 2 });
    expect(await hourCounts(REF)).toHaveLength(1);
  });
});
