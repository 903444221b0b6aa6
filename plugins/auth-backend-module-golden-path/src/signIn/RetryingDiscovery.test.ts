import { RetryingDiscovery } from './RetryingDiscovery';

/** A context whose discovery fails or succeeds, as told. */
function contexts(outcomes: boolean[]) {
  const made: { id: number; promise: Promise<unknown> }[] = [];
  const initialize = jest.fn(() => {
    const id = made.length;
    const ok = outcomes[id] ?? true;
    const context = {
      id,
      promise: ok
        ? Promise.resolve('issuer')
        : Promise.reject(new Error(`discovery ${id} failed`)),
    };
    made.push(context);
    return context;
  });
  return { initialize, made };
}

describe('RetryingDiscovery', () => {
  it('discovers at once and keeps a discovery that succeeded', async () => {
    const { initialize } = contexts([true]);
    const discovery = new RetryingDiscovery(initialize);
    expect(initialize).toHaveBeenCalledTimes(1);
    expect((await discovery.get()).id).toBe(0);
    expect((await discovery.get()).id).toBe(0);
    expect(initialize).toHaveBeenCalledTimes(1);
  });

  it('discovers again on the next request after a failed discovery', async () => {
    const { initialize } = contexts([false, true]);
    const discovery = new RetryingDiscovery(initialize);
    expect((await discovery.get()).id).toBe(1);
    expect((await discovery.get()).id).toBe(1);
    expect(initialize).toHaveBeenCalledTimes(2);
  });

  it('reports a failed retry to the request and tries again on the next one', async () => {
    const { initialize } = contexts([false, false, true]);
    const discovery = new RetryingDiscovery(initialize);
    await expect(discovery.get()).rejects.toThrow('discovery 1 failed');
    expect((await discovery.get()).id).toBe(2);
  });

  it('makes one new attempt for requests that saw the same failure', async () => {
    const { initialize } = contexts([false, true]);
    const discovery = new RetryingDiscovery(initialize);
    const got = await Promise.all([
      discovery.get(),
      discovery.get(),
      discovery.get(),
    ]);
    expect(got.map(c => c.id)).toEqual([1, 1, 1]);
    expect(initialize).toHaveBeenCalledTimes(2);
  });

  it('lets a config error of initialize fail at once', () => {
    expect(
      () =>
        new RetryingDiscovery(() => {
          throw new Error("Missing required config value at 'clientId'");
        }),
    ).toThrow('clientId');
  });
});
