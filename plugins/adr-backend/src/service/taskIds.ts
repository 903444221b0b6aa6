/*
 * The ids of the plugin's scheduled tasks: plugin.ts schedules them, the
 * router triggers them on demand.
 */

/** The id of the scheduled task that reads every ADR folder. */
export const ADR_INGEST_TASK_ID = 'adr-ingest';
