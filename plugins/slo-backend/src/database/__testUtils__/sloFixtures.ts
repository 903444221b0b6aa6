import { TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { DatabaseSloStore } from '../DatabaseSloStore';
import { SloDefinition } from '../SloDefinition';
import { SliBucket } from '../SloStore';

export const REF = 'component:default/orders#orders-availability';
export const OTHER = 'component:default/orders#orders-latency';
export const MINUTE = 60_000;
export const HOUR = 3_600_000;
/** 2026-03-01T00:00:00Z in minutes since the epoch. */
export const T0 = Date.parse('2026-03-01T00:00:00Z') / MINUTE;

/** A fresh database of `databaseId` with the plugin's migrations run. */
export async function migratedDatabase(
  databases: TestDatabases,
  databaseId: Parameters<TestDatabases['init']>[0],
): Promise<Knex> {
  const knex = await databases.init(databaseId);
  await DatabaseSloStore.create({ database: { getClient: async () => knex } });
  return knex;
}

export const definition = (sloRef: string): SloDefinition => ({
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
export function bucketsFor(
  sloRef: string,
  fromMinute: number,
  minutes: number,
) {
  const buckets: SliBucket[] = [];
  for (let m = fromMinute; m < fromMinute + minutes; m++) {
    const total = 100 + (m % 37);
    buckets.push({ sloRef, minute: m, good: total - (m % 5), total });
  }
  return buckets;
}

export function sum(buckets: Array<{ good: number; total: number }>) {
  return buckets.reduce(
    (acc, b) => ({ good: acc.good + b.good, total: acc.total + b.total }),
    { good: 0, total: 0 },
  );
}

/** The hourly roll-ups of an SLO, read from the table itself. */
export async function hourCounts(knex: Knex, sloRef: string) {
  return (
    await knex('slo_sli_hours')
      .join('slo_keys', 'slo_keys.id', 'slo_sli_hours.slo_id')
      .select('hour', 'good', 'total')
      .where({ slo_ref: sloRef })
      .orderBy('hour')
  ).map(row => ({
    time: Number(row.hour) * HOUR,
    good: Number(row.good),
    total: Number(row.total),
  }));
}
