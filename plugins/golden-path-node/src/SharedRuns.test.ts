import { SharedRuns } from './SharedRuns';

describe('SharedRuns', () => {
  const gate = () => {
    let open!: () => void;
    const opened = new Promise<void>(resolve => {
      open = resolve;
    });
    return { open, opened };
  };

  it('gives concurrent callers for one key the same run and result', async () => {
    const runs = new SharedRuns<number>();
    const { open, opened } = gate();
    let count = 0;
    const start = async () => {
      count += 1;
      await opened;
      return count;
    };
    const calls = Array.from({ length: 20 }, () => runs.run('a', start));
    expect(runs.isRunning('a')).toBe(true);
    open();
    expect(await Promise.all(calls)).toEqual(Array(20).fill(1));
    expect(count).toBe(1);
    expect(runs.isRunning('a')).toBe(false);
  });

  it('shares a failure too, and starts again afterwards', async () => {
    const runs = new SharedRuns<string>();
    const start = jest.fn(async () => {
      throw new Error('collector down');
    });
    const results = await Promise.allSettled([
      runs.run('a', start),
      runs.run('a', start),
    ]);
    expect(results.map(r => r.status)).toEqual(['rejected', 'rejected']);
    expect(start).toHaveBeenCalledTimes(1);
    await expect(runs.run('a', async () => 'ok')).resolves.toBe('ok');
  });

  it('runs different keys separately', async () => {
    const runs = new SharedRuns<string>();
    const start = jest.fn(async () => 'done');
    await Promise.all([runs.run('a', start), runs.run('b', start)]);
    expect(start).toHaveBeenCalledTimes(2);
  });

  it('starts a new run once the previous one has settled', async () => {
    const runs = new SharedRuns<number>();
    let count = 0;
    const start = async () => ++count;
    expect(await runs.run('a', start)).toBe(1);
    expect(await runs.run('a', start)).toBe(2);
  });
});
