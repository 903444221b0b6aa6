import { mockServices } from '@backstage/backend-test-utils';
import { ConflictError, NotFoundError } from '@backstage/errors';
import { triggerScheduledTasks } from './triggerScheduledTasks';

describe('triggerScheduledTasks', () => {
  it('triggers each task in order; a task already running counts as started', async () => {
    const scheduler = mockServices.scheduler.mock();
    scheduler.triggerTask.mockImplementation(async id => {
      if (id === 'b') throw new ConflictError('Task b is currently running');
    });
    await triggerScheduledTasks(scheduler, ['a', 'b', 'c']);
    expect(scheduler.triggerTask.mock.calls).toEqual([['a'], ['b'], ['c']]);
  });

  it('throws any other error', async () => {
    const scheduler = mockServices.scheduler.mock();
    scheduler.triggerTask.mockRejectedValue(
      new NotFoundError('Task a does not exist'),
    );
    await expect(triggerScheduledTasks(scheduler, ['a', 'b'])).rejects.toThrow(
      'Task a does not exist',
    );
    expect(scheduler.triggerTask).toHaveBeenCalledTimes(1);
  });
});
