import { SchedulerService } from '@backstage/backend-plugin-api';

/**
 * Starts scheduled tasks now, one after the other in the order given (the
 * scheduler runs each on one replica). A task that is already running
 * counts as started: the scheduler refuses a second concurrent run with a
 * ConflictError, and the run in progress does the same work. Any other
 * error (an unknown task id) is thrown.
 * @public
 */
export async function triggerScheduledTasks(
  scheduler: SchedulerService,
  taskIds: readonly string[],
): Promise<void> {
  for (const id of taskIds) {
    try {
      await scheduler.triggerTask(id);
    } catch (error) {
      if ((error as Error)?.name !== 'ConflictError') throw error;
    }
  }
}
