import { Knex } from 'knex';
import { TimedSliCounts } from '../SloStore';
import { SloKeys } from './sloKeys';
import {
  HOUR_MS,
  HOURS_TABLE,
  MINUTE_MS,
  MINUTES_TABLE,
  num,
  SumRow,
} from './tables';

/**
 * Counts of an SLO over [startMs, endMs): whole hours from the roll-ups,
 * the partial hours at either edge from minutes, so a 30-day window reads
 * about 720 hour rows and at most 118 minute rows. A minute bucket counts
 * when its start lies in the window. Null when no bucket has data.
 */
export async function countsBetween(options: {
  knex: Knex;
  sloRef: string;
  startMs: number;
  endMs: number;
  /** The store's id cache; without one, the id is looked up. */
  keys?: SloKeys;
}): Promise<{ good: number; total: number } | null> {
  const { knex, sloRef, startMs, endMs } = options;
  const startMinute = Math.ceil(startMs / MINUTE_MS);
  const endMinute = Math.ceil(endMs / MINUTE_MS);
  if (!(startMinute < endMinute)) return null;
  const sloId = await (options.keys ?? new SloKeys()).idOf(knex, sloRef);
  if (sloId === undefined) return null;
  const firstHour = Math.ceil(startMinute / 60);
  const endHour = Math.floor(endMinute / 60);
  const parts: Array<Promise<SumRow & { n: number | string }>> = [];
  const sumMinutes = (from: number, to: number) =>
    knex(MINUTES_TABLE)
      .where({ slo_id: sloId })
      .where('minute', '>=', from)
      .where('minute', '<', to)
      .first(
        knex.raw('sum(good) as good'),
        knex.raw('sum(total) as total'),
        knex.raw('count(*) as n'),
      ) as Promise<SumRow & { n: number | string }>;
  if (firstHour < endHour) {
    parts.push(
      knex(HOURS_TABLE)
        .where({ slo_id: sloId })
        .where('hour', '>=', firstHour)
        .where('hour', '<', endHour)
        .first(
          knex.raw('sum(good) as good'),
          knex.raw('sum(total) as total'),
          knex.raw('count(*) as n'),
        ) as Promise<SumRow & { n: number | string }>,
    );
    if (startMinute < firstHour * 60) {
      parts.push(sumMinutes(startMinute, firstHour * 60));
    }
    if (endHour * 60 < endMinute)
      parts.push(sumMinutes(endHour * 60, endMinute));
  } else {
    parts.push(sumMinutes(startMinute, endMinute));
  }
  const rows = await Promise.all(parts);
  let rowsFound = 0;
  let good = 0;
  let total = 0;
  for (const row of rows) {
    rowsFound += num(row?.n);
    good += num(row?.good);
    total += num(row?.total);
  }
  return rowsFound === 0 ? null : { good, total };
}

/**
 * The buckets of an SLO over [startMs, endMs) as timed counts: one per
 * whole hour (at the hour's start) and one per minute at the edges, for
 * burn-down series. They add up to countsBetween.
 */
export async function countsOverTime(options: {
  knex: Knex;
  sloRef: string;
  startMs: number;
  endMs: number;
  /** The store's id cache; without one, the id is looked up. */
  keys?: SloKeys;
}): Promise<TimedSliCounts[]> {
  const { knex, sloRef, startMs, endMs } = options;
  const startMinute = Math.ceil(startMs / MINUTE_MS);
  const endMinute = Math.ceil(endMs / MINUTE_MS);
  if (!(startMinute < endMinute)) return [];
  const keys = options.keys ?? new SloKeys();
  const sloId = await keys.idOf(knex, sloRef);
  if (sloId === undefined) return [];
  const firstHour = Math.ceil(startMinute / 60);
  const endHour = Math.floor(endMinute / 60);
  const minutes = (from: number, to: number) =>
    minuteCounts({
      knex,
      sloRef,
      keys,
      startMs: from * MINUTE_MS,
      endMs: to * MINUTE_MS,
    });
  if (!(firstHour < endHour)) return minutes(startMinute, endMinute);
  const hours: Array<{ hour: number | string } & SumRow> = await knex(
    HOURS_TABLE,
  )
    .select('hour', 'good', 'total')
    .where({ slo_id: sloId })
    .where('hour', '>=', firstHour)
    .where('hour', '<', endHour)
    .orderBy('hour');
  return [
    ...(await minutes(startMinute, firstHour * 60)),
    ...hours.map(row => ({
      time: Number(row.hour) * HOUR_MS,
      good: num(row.good),
      total: num(row.total),
    })),
    ...(await minutes(endHour * 60, endMinute)),
  ];
}

/** The raw minute buckets over [startMs, endMs) (Timeslices, tests). */
export async function minuteCounts(options: {
  knex: Knex;
  sloRef: string;
  startMs: number;
  endMs: number;
  /** The store's id cache; without one, the id is looked up. */
  keys?: SloKeys;
}): Promise<TimedSliCounts[]> {
  const { knex, sloRef, startMs, endMs } = options;
  const from = Math.ceil(startMs / MINUTE_MS);
  const to = Math.ceil(endMs / MINUTE_MS);
  if (!(from < to)) return [];
  const sloId = await (options.keys ?? new SloKeys()).idOf(knex, sloRef);
  if (sloId === undefined) return [];
  const rows: Array<{ minute: number | string } & SumRow> = await knex(
    MINUTES_TABLE,
  )
    .select('minute', 'good', 'total')
    .where({ slo_id: sloId })
    .where('minute', '>=', from)
    .where('minute', '<', to)
    .orderBy('minute');
  return rows.map(row => ({
    time: Number(row.minute) * MINUTE_MS,
    good: num(row.good),
    total: num(row.total),
  }));
}
