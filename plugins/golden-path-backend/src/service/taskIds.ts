/*
 * The ids of the plugin's scheduled tasks: plugin.ts schedules them, the
 * router triggers them on demand.
 */

/** The scheduler task that recomputes the drift snapshot. */
export const DRIFT_TASK_ID = 'golden-path-drift';
