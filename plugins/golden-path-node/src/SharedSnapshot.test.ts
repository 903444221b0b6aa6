import {
  mockServices,
  ServiceFactoryTester,
} from '@backstage/backend-test-utils';
import { CacheService } from '@backstage/backend-plugin-api';
import { SharedSnapshot } from './SharedSnapshot';

/** Backstage's own cache service (memory store), as a plugin gets it. */
async function pluginCache(): Promise<CacheService> {
  return ServiceFactoryTester.from(mockServices.cache.factory()).getSubject(
    'readiness',
  );
}

/** A cache store that keeps nothing. */
const forgetfulCache = {
  get: async () => undefined,
  set: async () => undefined,
  delete: async () => undefined,
  withOptions() {
    return this;
  },
} as unknown as CacheService;

describe('SharedSnapshot', () => {
  let cache: CacheService;
  let builds: number;
  const snapshot = (options: { maxAgeMs?: number; now?: () => number } = {}) =>
    new SharedSnapshot<number>({
      cache,
      key: 'overview',
      load: async () => ++builds,
      ...options,
    });

  beforeEach(async () => {
    cache = await pluginCache();
    builds = 0;
  });

  it('builds once and serves the same view until invalidated', async () => {
    const view = snapshot();
    expect(await view.get()).toBe(1);
    expect(await view.get()).toBe(1);
    await view.invalidate();
    expect(await view.get()).toBe(2);
    expect(await view.get()).toBe(2);
    expect(builds).toBe(2);
  });

  it('shares one build between concurrent requests', async () => {
    const view = snapshot();
    const values = await Promise.all(
      Array.from({ length: 20 }, () => view.get()),
    );
    expect(new Set(values)).toEqual(new Set([1]));
    expect(builds).toBe(1);
  });

  it('sees an invalidation made by another replica that shares the cache', async () => {
    const replicaA = snapshot();
    const replicaB = snapshot();
    expect(await replicaA.get()).toBe(1);
    expect(await replicaB.get()).toBe(2);
    await replicaB.invalidate();
    expect(await replicaA.get()).toBe(3);
    expect(await replicaB.get()).toBe(4);
    expect(await replicaA.get()).toBe(3);
    expect(builds).toBe(4);
  });

  it('rebuilds after a build that an invalidation overtook', async () => {
    let release!: () => void;
    let loads = 0;
    const view = new SharedSnapshot<string>({
      cache,
      key: 'overview',
      load: async () => {
        loads++;
        if (loads === 1) await new Promise<void>(r => (release = r));
        return `build ${loads}`;
      },
    });
    const first = view.get();
    await new Promise(r => setImmediate(r));
    await view.invalidate();
    const second = view.get();
    release();
    expect(await first).toBe('build 1');
    expect(await second).toBe('build 2');
    expect(await view.get()).toBe('build 2');
    expect(loads).toBe(2);
  });

  it('does not keep a failed build', async () => {
    let fail = true;
    const view = new SharedSnapshot<string>({
      cache,
      key: 'overview',
      load: async () => {
        if (fail) throw new Error('database gone');
        return 'rows';
      },
    });
    await expect(view.get()).rejects.toThrow('database gone');
    fail = false;
    expect(await view.get()).toBe('rows');
  });

  it('rebuilds a snapshot older than maxAgeMs in the background, answering the old one meanwhile', async () => {
    let now = 0;
    const view = snapshot({ maxAgeMs: 60_000, now: () => now });
    expect(await view.get()).toBe(1);
    now = 59_999;
    expect(await view.get()).toBe(1);
    now = 60_000;
    expect(await view.get()).toBe(1);
    await new Promise(r => setImmediate(r));
    expect(await view.get()).toBe(2);
    expect(builds).toBe(2);
  });

  it('keeps the old snapshot when a background rebuild fails, and says so', async () => {
    let now = 0;
    let fail = false;
    let loads = 0;
    const warnings: string[] = [];
    const view = new SharedSnapshot<string>({
      cache,
      key: 'overview',
      maxAgeMs: 1000,
      logger: { warn: (message: string) => warnings.push(message) } as any,
      now: () => now,
      load: async () => {
        loads++;
        if (fail) throw new Error('catalog gone');
        return `build ${loads}`;
      },
    });
    expect(await view.get()).toBe('build 1');
    fail = true;
    now = 1000;
    expect(await view.get()).toBe('build 1');
    await new Promise(r => setImmediate(r));
    expect(await view.get()).toBe('build 1');
    await new Promise(r => setImmediate(r));
    fail = false;
    expect(await view.get()).toBe('build 1');
    await new Promise(r => setImmediate(r));
    expect(await view.get()).toBe('build 4');
    expect(warnings[0]).toBe(
      'Could not rebuild the overview view; serving the one built 1 s ago until a rebuild succeeds: Error: catalog gone',
    );
  });

  it('never serves a snapshot twice when the cache keeps nothing', async () => {
    cache = forgetfulCache;
    const view = snapshot();
    expect(await view.get()).toBe(1);
    expect(await view.get()).toBe(2);
  });
});
