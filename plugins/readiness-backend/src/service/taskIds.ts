/*
 * The ids of the plugin's scheduled tasks: plugin.ts schedules them, the
 * router triggers them on demand.
 */

/** The id of the scheduled task that evaluates every component. */
export const EVALUATE_TASK_ID = 'readiness-evaluate';

/** The id of the scheduled task of a collector. */
export function collectTaskId(collectorId: string): string {
  return `readiness-collect-${collectorId}`;
}
