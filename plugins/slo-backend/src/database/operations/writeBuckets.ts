import { chunks } from '@golden-path/plugin-golden-path-node';
import { Knex } from 'knex';
import { SliBucket } from '../SloStore';
import { SloKeys } from './sloKeys';
import {
  HOURS_TABLE,
  IN_CHUNK,
  INSERT_CHUNK,
  MINUTES_TABLE,
  num,
} from './tables';

/**
 * Stores buckets, replacing any bucket already stored for the same SLO and
 * minute (so a retried batch is stored again, not added), and brings the
 * hourly roll-ups of the touched hours back to the sum of their minutes,
 * all in one transaction. Refuses the whole batch, writing nothing, when a
 * bucket falls in an hour whose minutes retention has already pruned:
 * replacing a minute there could not be told from adding one.
 * @returns the (SLO, hour) pairs that were refused; empty when stored
 */
export async function writeBuckets(options: {
  knex: Knex;
  buckets: SliBucket[];
  /** The store's id cache; without one, ids are looked up for this batch. */
  keys?: SloKeys;
}): Promise<Array<{ sloRef: string; hour: number }>> {
  const { knex, buckets } = options;
  if (buckets.length === 0) return [];
  const keys = options.keys ?? new SloKeys();
  const ids = await keys.idsFor(
    knex,
    buckets.map(bucket => bucket.sloRef),
  );
  return knex.transaction(async tx => {
    const hoursBySlo = new Map<string, Set<number>>();
    for (const bucket of buckets) {
      const hours = hoursBySlo.get(bucket.sloRef) ?? new Set<number>();
      hours.add(Math.floor(bucket.minute / 60));
      hoursBySlo.set(bucket.sloRef, hours);
    }
    const sealed: Array<{ sloRef: string; hour: number }> = [];
    for (const [sloRef, hours] of hoursBySlo) {
      for (const chunk of chunks([...hours], IN_CHUNK)) {
        const rows: Array<{ hour: number | string }> = await tx(HOURS_TABLE)
          .select('hour')
          .where({ slo_id: ids.get(sloRef), minutes_pruned: 1 })
          .whereIn('hour', chunk);
        for (const row of rows) sealed.push({ sloRef, hour: Number(row.hour) });
      }
    }
    if (sealed.length > 0) return sealed;
    await lockHours(tx, ids, hoursBySlo);

    for (const chunk of chunks(buckets, INSERT_CHUNK)) {
      await tx(MINUTES_TABLE)
        .insert(
          chunk.map(bucket => ({
            slo_id: ids.get(bucket.sloRef),
            minute: bucket.minute,
            good: bucket.good,
            total: bucket.total,
          })),
        )
        .onConflict(['slo_id', 'minute'])
        .merge(['good', 'total']);
    }

    for (const [sloRef, hours] of hoursBySlo) {
      const sloId = ids.get(sloRef)!;
      const sorted = [...hours].sort((a, b) => a - b);
      const sums: Array<{
        hour: number | string;
        good: number | string;
        total: number | string;
      }> = await tx(MINUTES_TABLE)
        .select(
          tx.raw('minute / 60 as hour'),
          tx.raw('sum(good) as good'),
          tx.raw('sum(total) as total'),
        )
        .where({ slo_id: sloId })
        .where('minute', '>=', sorted[0] * 60)
        .where('minute', '<', (sorted[sorted.length - 1] + 1) * 60)
        .groupByRaw('minute / 60');
      const rollups = sums
        .map(row => ({
          slo_id: sloId,
          hour: Number(row.hour),
          good: num(row.good),
          total: num(row.total),
        }))
        // Only the touched hours: the others are already in step.
        .filter(row => hours.has(row.hour));
      for (const chunk of chunks(rollups, INSERT_CHUNK)) {
        await tx(HOURS_TABLE)
          .insert(chunk)
          .onConflict(['slo_id', 'hour'])
          .merge(['good', 'total']);
      }
    }
    return [];
  });
}

/**
 * Makes concurrent writers to one SLO-hour (two replicas, or two requests
 * on one) take turns on PostgreSQL: each locks the hour's roll-up row
 * (created empty when missing) before its minutes go in, so it sums the
 * minutes after the other writer committed and no roll-up leaves out the
 * other's minutes. Rows are locked in (slo, hour) order, so two writers
 * never wait on each other. SQLite has one writer at a time already.
 */
async function lockHours(
  tx: Knex.Transaction,
  ids: Map<string, number>,
  hoursBySlo: Map<string, Set<number>>,
): Promise<void> {
  if (!String(tx.client.config.client).includes('pg')) return;
  const rows = [...hoursBySlo]
    .flatMap(([sloRef, hours]) =>
      [...hours].map(hour => ({ slo_id: ids.get(sloRef)!, hour })),
    )
    .sort((x, y) => x.slo_id - y.slo_id || x.hour - y.hour);
  for (const chunk of chunks(rows, INSERT_CHUNK)) {
    await tx(HOURS_TABLE)
      .insert(chunk.map(row => ({ ...row, good: 0, total: 0 })))
      .onConflict(['slo_id', 'hour'])
      .ignore();
  }
  for (const chunk of chunks(rows, IN_CHUNK)) {
    await tx(HOURS_TABLE)
      .select('slo_id', 'hour')
      .whereIn(
        ['slo_id', 'hour'],
        chunk.map(row => [row.slo_id, row.hour]),
      )
      .orderBy([{ column: 'slo_id' }, { column: 'hour' }])
      .forUpdate();
  }
}
