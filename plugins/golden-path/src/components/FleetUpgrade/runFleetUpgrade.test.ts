import { createFakeScaffolderApi } from '../../__fixtures__/fakeScaffolderApi';
import {
  conflictsInSummary,
  FleetUpgradeProgress,
  fleetSummaryWords,
  runFleetUpgrade,
  UPGRADE_TEMPLATE_REF,
} from './runFleetUpgrade';

const refs = (n: number) =>
  Array.from({ length: n }, (_, i) => `component:default/service-${i + 1}`);

/** Lets pending promises and fake events run. */
const settle = () => new Promise(resolve => setTimeout(resolve, 0));

function track() {
  const history = new Map<string, FleetUpgradeProgress[]>();
  const onProgress = (ref: string, progress: FleetUpgradeProgress) =>
    history.set(ref, [...(history.get(ref) ?? []), progress]);
  const last = (ref: string) => history.get(ref)?.slice(-1)[0];
  return { history, onProgress, last };
}

describe('runFleetUpgrade', () => {
  it('runs at most three upgrades at once and starts the next as one ends', async () => {
    const targets = refs(7).map(entityRef => ({
      entityRef,
      version: '2.1.0',
    }));
    const fake = createFakeScaffolderApi({});
    const { onProgress, last } = track();
    const done = runFleetUpgrade({
      scaffolderApi: fake.api,
      targets,
      onProgress,
    });
    await settle();
    expect(fake.api.scaffold).toHaveBeenCalledTimes(3);
    expect(fake.running()).toEqual(refs(3));
    expect(last(targets[3].entityRef)).toEqual({ state: 'waiting' });
    expect(last(targets[0].entityRef)).toEqual({
      state: 'running',
      taskId: 'task-component:default/service-1',
    });

    fake.finish(targets[1].entityRef);
    await settle();
    expect(fake.api.scaffold).toHaveBeenCalledTimes(4);
    expect(fake.running()).toEqual([
      targets[0].entityRef,
      targets[2].entityRef,
      targets[3].entityRef,
    ]);

    while (fake.running().length > 0) {
      fake.finish(fake.running()[0]);
      await settle();
    }
    await expect(done).resolves.toEqual({
      upgraded: 7,
      withConflicts: 0,
      failed: 0,
    });
    expect(fake.stats.maxRunning).toBe(3);
    expect(fake.api.scaffold.mock.calls.map(([request]) => request)).toEqual(
      targets.map(t => ({
        templateRef: UPGRADE_TEMPLATE_REF,
        values: { entityRef: t.entityRef, version: '2.1.0' },
      })),
    );
  });

  it('goes on past failures and counts each outcome once', async () => {
    const [a, b, c, d, e, f, g] = refs(7);
    const fake = createFakeScaffolderApi(
      {
        [b]: { kind: 'upgraded', conflicts: 2 },
        [d]: {
          kind: 'failed',
          message: 'The branch golden-path/upgrade-v2.1.0 already exists',
        },
      },
      { autoFinish: true },
    );
    const { onProgress, last } = track();
    const summary = await runFleetUpgrade({
      scaffolderApi: fake.api,
      targets: [a, b, c, d, e, f, g].map(entityRef => ({
        entityRef,
        version: '2.1.0',
      })),
      onProgress,
    });
    expect(summary).toEqual({ upgraded: 5, withConflicts: 1, failed: 1 });
    expect(fleetSummaryWords(summary)).toBe(
      '5 upgraded, 1 with conflicts, 1 failed',
    );
    expect(fake.stats.maxRunning).toBeLessThanOrEqual(3);
    expect(last(d)).toEqual({
      state: 'failed',
      taskId: `task-${d}`,
      message: 'The branch golden-path/upgrade-v2.1.0 already exists',
    });
    expect(last(b)).toEqual({
      state: 'done',
      taskId: `task-${b}`,
      conflicts: 2,
      branchUrl:
        '/catalog/default/component/service-2/repository?branch=golden-path%2Fupgrade-v2.1.0',
    });
    expect(last(g)).toMatchObject({ state: 'done', conflicts: 0 });
  });

  it("says why a task failed: the backend's refusal, else the failed step's log", async () => {
    const [a, b, c] = refs(3);
    const fake = createFakeScaffolderApi(
      {
        [a]: {
          kind: 'refused',
          status: 403,
          message: 'You may not upgrade service-1',
        },
        [b]: {
          kind: 'failed',
          log: 'InputError: service-2 has uncommitted changes\n    at upgrade (upgrade.ts:1:1)',
        },
        [c]: { kind: 'failed' },
      },
      { autoFinish: true },
    );
    const { onProgress, last } = track();
    const summary = await runFleetUpgrade({
      scaffolderApi: fake.api,
      targets: [a, b, c].map(entityRef => ({ entityRef, version: '2.1.0' })),
      onProgress,
    });
    expect(summary).toEqual({ upgraded: 0, withConflicts: 0, failed: 3 });
    expect(last(a)).toEqual({
      state: 'failed',
      taskId: undefined,
      message: 'You may not upgrade service-1',
    });
    expect(last(b)).toMatchObject({
      state: 'failed',
      message: 'service-2 has uncommitted changes',
    });
    expect(last(c)).toMatchObject({
      state: 'failed',
      message: 'The upgrade failed; its log says why.',
    });
  });

  it('reconnects to a lost event stream after the last event seen', async () => {
    const [a] = refs(1);
    const fake = createFakeScaffolderApi({});
    const { onProgress, last } = track();
    const done = runFleetUpgrade({
      scaffolderApi: fake.api,
      targets: [{ entityRef: a, version: '2.1.0' }],
      onProgress,
      reconnectDelayMs: 0,
    });
    await settle();
    fake.breakStream(a);
    await settle();
    await settle();
    expect(fake.api.streamLogs).toHaveBeenCalledTimes(2);
    fake.finish(a);
    await expect(done).resolves.toEqual({
      upgraded: 1,
      withConflicts: 0,
      failed: 0,
    });
    expect(last(a)).toMatchObject({ state: 'done' });
  });

  it("falls back to the task's status when its events never come", async () => {
    const [a] = refs(1);
    const fake = createFakeScaffolderApi({});
    fake.api.streamLogs.mockImplementation(() => ({
      subscribe(observer: { complete: () => void }) {
        setTimeout(() => observer.complete(), 0);
        return { unsubscribe: jest.fn(), closed: false };
      },
    }));
    fake.api.getTask.mockResolvedValue({
      id: `task-${a}`,
      status: 'failed',
      createdAt: '',
      spec: {} as any,
    });
    const { onProgress, last } = track();
    const summary = await runFleetUpgrade({
      scaffolderApi: fake.api,
      targets: [{ entityRef: a, version: '2.1.0' }],
      onProgress,
      reconnectDelayMs: 0,
    });
    expect(fake.api.streamLogs).toHaveBeenCalledTimes(4);
    expect(summary.failed).toBe(1);
    expect(last(a)).toMatchObject({
      state: 'failed',
      message: 'The upgrade failed; its log says why.',
    });
  });

  it('starts nothing more once aborted', async () => {
    const fake = createFakeScaffolderApi({});
    const abort = new AbortController();
    const { onProgress } = track();
    const done = runFleetUpgrade({
      scaffolderApi: fake.api,
      targets: refs(5).map(entityRef => ({ entityRef, version: '2.1.0' })),
      onProgress,
      signal: abort.signal,
    });
    await settle();
    abort.abort();
    for (const ref of fake.running()) fake.finish(ref);
    await expect(done).resolves.toEqual({
      upgraded: 3,
      withConflicts: 0,
      failed: 0,
    });
    expect(fake.api.scaffold).toHaveBeenCalledTimes(3);
  });
});

describe('fleetSummaryWords', () => {
  it('leaves out what did not happen', () => {
    expect(
      fleetSummaryWords({ upgraded: 2, withConflicts: 0, failed: 0 }),
    ).toBe('2 upgraded');
    expect(
      fleetSummaryWords({ upgraded: 0, withConflicts: 0, failed: 1 }),
    ).toBe('1 failed');
  });
});

describe('conflictsInSummary', () => {
  it("reads the number of conflicting files from the action's summary", () => {
    expect(conflictsInSummary('**With conflicts** (3), to resolve')).toBe(3);
    expect(conflictsInSummary('**With conflicts**: none.')).toBe(0);
    expect(conflictsInSummary(undefined)).toBe(0);
  });
});
