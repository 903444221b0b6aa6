import { Knex } from 'knex';
import { chunks } from '@golden-path/plugin-golden-path-node';
import { allIds } from './sloKeys';
import { HOUR_MS, HOURS_TABLE, IN_CHUNK, MINUTES_TABLE } from './tables';

/**
 * Retention: deletes minutes before the hour containing `minutesBefore`
 * (whole hours only, marking those hours as pruned so later writes into
 * them are refused) and hour roll-ups before `hoursBefore`, in one
 * transaction.
 */
export async function prune(options: {
  knex: Knex;
  minutesBefore: Date;
  hoursBefore: Date;
}): Promise<{ minutes: number; hours: number }> {
  const minuteCutoffHour = Math.floor(
    options.minutesBefore.getTime() / HOUR_MS,
  );
  const hourCutoff = Math.floor(options.hoursBefore.getTime() / HOUR_MS);
  return options.knex.transaction(async tx => {
    // SLO by SLO: the SLI tables have no index on time (it would slow every
    // ingested point down), and `slo_id in (...) and minute < X` is a range
    // at the start of each SLO's part of the primary key (slo_id, minute).
    let minutes = 0;
    let hours = 0;
    for (const ids of chunks(await allIds(tx), IN_CHUNK)) {
      await tx(HOURS_TABLE)
        .whereIn('slo_id', ids)
        .where('hour', '<', minuteCutoffHour)
        .where({ minutes_pruned: 0 })
        .update({ minutes_pruned: 1 });
      minutes += await tx(MINUTES_TABLE)
        .whereIn('slo_id', ids)
        .where('minute', '<', minuteCutoffHour * 60)
        .delete();
      hours += await tx(HOURS_TABLE)
        .whereIn('slo_id', ids)
        .where('hour', '<', hourCutoff)
        .delete();
    }
    return { minutes, hours };
  });
}
