import { mockServices } from '@backstage/backend-test-utils';
import { DriftSnapshot } from '@golden-path/plugin-golden-path-common';
import { DriftReadModel } from './DriftReadModel';
import { DriftService } from './DriftService';
import { DriftStore } from './DriftStore';

const snapshotOf = (generatedAt: string, refs: string[]): DriftSnapshot => ({
  generatedAt,
  templates: [],
  services: refs.map(entityRef => ({ entityRef } as any)),
});

describe('DriftReadModel', () => {
  let stored: DriftSnapshot | undefined;
  let clock: number;
  let computed: DriftSnapshot;
  const store = {
    read: jest.fn(async () => stored),
    write: jest.fn(async () => {
      throw new Error('a read must not write');
    }),
  };
  const drift = { compute: jest.fn(async () => computed) };
  const onStale = jest.fn(async () => {});
  const logger = mockServices.logger.mock();
  let model: DriftReadModel;

  beforeEach(() => {
    jest.clearAllMocks();
    stored = undefined;
    clock = 1_000_000;
    computed = snapshotOf('2026-12-07T10:00:00.000Z', ['component:default/a']);
    model = new DriftReadModel({
      drift: drift as unknown as DriftService,
      store: store as unknown as DriftStore,
      logger,
      onStale,
      now: () => clock,
    });
  });

  it('answers from the stored snapshot when it knows every entity asked for', async () => {
    stored = snapshotOf('2026-12-07T09:00:00.000Z', ['component:default/a']);
    await expect(model.snapshot(['component:default/a'])).resolves.toBe(stored);
    expect(drift.compute).not.toHaveBeenCalled();
    expect(onStale).not.toHaveBeenCalled();
  });

  it('computes in memory without writing when there is no stored snapshot, and asks the task to store one', async () => {
    await expect(model.snapshot([])).resolves.toBe(computed);
    expect(drift.compute).toHaveBeenCalledTimes(1);
    expect(store.write).not.toHaveBeenCalled();
    expect(onStale).toHaveBeenCalledTimes(1);
  });

  it('shares one computation between concurrent readers', async () => {
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => model.snapshot(['component:default/a'])),
    );
    expect(answers.every(answer => answer === computed)).toBe(true);
    expect(drift.compute).toHaveBeenCalledTimes(1);
    expect(onStale).toHaveBeenCalledTimes(1);
  });

  it('computes for an entity the stored snapshot lacks, at most once per 30 s', async () => {
    stored = snapshotOf('2026-12-07T09:00:00.000Z', ['component:default/a']);
    await expect(model.snapshot(['component:default/new'])).resolves.toBe(
      computed,
    );
    clock += 29_000;
    await expect(model.snapshot(['component:default/other'])).resolves.toBe(
      computed,
    );
    expect(drift.compute).toHaveBeenCalledTimes(1);
    clock += 2_000;
    await model.snapshot(['component:default/other']);
    expect(drift.compute).toHaveBeenCalledTimes(2);
    expect(store.write).not.toHaveBeenCalled();
  });

  it('goes back to the stored snapshot once the task has stored a newer one', async () => {
    await model.snapshot([]);
    stored = snapshotOf('2026-12-07T11:00:00.000Z', ['component:default/a']);
    await expect(model.snapshot(['component:default/a'])).resolves.toBe(stored);
    expect(drift.compute).toHaveBeenCalledTimes(1);
  });

  it('still answers when the task cannot be started, and logs why', async () => {
    onStale.mockRejectedValueOnce(new Error('scheduler down'));
    await expect(model.snapshot([])).resolves.toBe(computed);
    await new Promise(resolve => setImmediate(resolve));
    expect(logger.warn).toHaveBeenCalledWith(
      'Could not start the drift task to store a new snapshot: Error: scheduler down',
    );
  });
});
