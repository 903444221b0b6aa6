import { Knex } from 'knex';
import { HOUR_MS, HOURS_TABLE, MINUTES_TABLE } from './tables';

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
    await tx(HOURS_TABLE)
      .where('hour', '<', minuteCutoffHour)
      .where({ minutes_pruned: 0 })
      .update({ minutes_pruned: 1 });
    const minutes = await tx(MINUTES_TABLE)
      .where('minute', '<', minuteCutoffHour * 60)
      .delete();
    const hours = await tx(HOURS_TABLE).where('hour', '<', hourCutoff).delete();
    return { minutes, hours };
  });
}
