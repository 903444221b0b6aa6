/*
 * The ids of the plugin's scheduled tasks: plugin.ts schedules them, the
 * router triggers them on demand.
 */

/** The id of the scheduled task that computes every SLO. */
export const SLO_COMPUTE_TASK_ID = 'slo-compute';
