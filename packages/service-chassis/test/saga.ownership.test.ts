import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadChassisConfig } from '../src/config';
import { KnexUnitOfWork } from '../src/outbox/unitOfWork';
import { ServiceRuntime } from '../src/runtime';
import { defineSaga, type SagaStepDefinition } from '../src/saga/define';
import { SagaEngine, type SagaRunResult } from '../src/saga/engine';
import { defineSagaEvents } from '../src/saga/events';
import type { SagaMetrics } from '../src/saga/metrics';
import type { TestDatabase } from './support/infra';
import { availableDatabases, testRegistry } from './support/outboxFixtures';

type Input = { n: number };
type State = Record<string, never>;
type Step = SagaStepDefinition<Input, State>;

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/** Promises a test holds steps on; afterEach lets them go, so engines can stop even after a failure. */
const held: Array<() => void> = [];
function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>(res => (resolve = res));
  held.push(resolve);
  return { promise, resolve };
}

/** Polls `check` until it holds (or fails the test after `timeoutMs`). */
async function eventually(
  check: () => Promise<boolean>,
  what: string,
  timeoutMs = 20_000,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

const stepLog = (
  steps: Array<{
    step: string;
    phase: string;
    status: string;
    attempt: number;
  }>,
) => steps.map(s => `${s.phase} ${s.step} #${s.attempt} ${s.status}`);

/**
 * A participant shared by every replica: it counts calls per idempotency key
 * and applies each key's effect once (idempotent by key).
 */
class Participant {
  readonly calls = new Map<string, number>();
  readonly effects = new Map<string, number>();
  readonly callers = new Map<string, string[]>();
  call(key: string, caller: string) {
    this.calls.set(key, (this.calls.get(key) ?? 0) + 1);
    this.callers.set(key, [...(this.callers.get(key) ?? []), caller]);
    if (!this.effects.has(key)) this.effects.set(key, 1);
  }
  countsFor(step: string): number[] {
    return [...this.calls]
      .filter(([key]) => key.endsWith(`:${step}`))
      .map(([, n]) => n);
  }
}

/** What a replica's metrics hooks saw. */
function haltCounter(): SagaMetrics & {
  halts: Map<string, number>;
  recovered: number;
} {
  const halts = new Map<string, number>();
  const counter = {
    halts,
    recovered: 0,
    sagaHalted: (_name: string, reason: string) =>
      void halts.set(reason, (halts.get(reason) ?? 0) + 1),
    sagaRecovered: () => void counter.recovered++,
  };
  return counter;
}

describe('saga ownership: leases, continuous recovery, takeover', async () => {
  const databases = await availableDatabases();

  describe.each(databases)('on $name', ({ create }) => {
    let database: TestDatabase;
    let participant: Participant;
    const engines: SagaEngine[] = [];
    const logger = pino({ level: 'silent' });

    beforeEach(async () => {
      database = await create();
      participant = new Participant();
    });
    afterEach(async () => {
      for (const release of held.splice(0)) release();
      for (const engine of engines.splice(0)) await engine.stop();
      await database.destroy();
    });

    /**
     * One replica: its own engine and saga definition (the same name and
     * steps), on the shared database. `hold(step)` may return a promise the
     * step waits for after its effect (a slow call, or a crash mid-call).
     */
    const replica = (
      name: string,
      options: {
        leaseTtlMs: number;
        stepMs?: number;
        hold?: (step: string, key: string) => Promise<void> | undefined;
      },
    ) => {
      const step = (stepName: string, ms: number): Step => ({
        name: stepName,
        timeoutMs: 30_000,
        retry: { maxAttempts: 3, backoffMs: 1 },
        async invoke({ idempotencyKey }) {
          participant.call(idempotencyKey, name);
          await (options.hold?.(stepName, idempotencyKey) ?? sleep(ms));
        },
      });
      const saga = defineSaga<Input, State>({
        name: 'Replicated',
        initialState: () => ({}),
        steps: [
          step('one', 5),
          step('two', options.stepMs ?? 5),
          step('three', 5),
        ],
      });
      const events = testRegistry();
      defineSagaEvents(events);
      const metrics = haltCounter();
      const engine = new SagaEngine({
        db: database.db,
        uow: new KnexUnitOfWork(database.db, events),
        sagas: [saga],
        logger,
        ownerId: name,
        leaseTtlMs: options.leaseTtlMs,
        metrics,
      });
      engines.push(engine);
      return { engine, saga, metrics };
    };

    const statuses = async () =>
      (await database.db('sagas').select('status')).map(
        r => r.status as string,
      );

    it('two replicas: each saga runs on its creator only, every step invoked once, no conflicts', async () => {
      // Step two outlasts the lease (600 ms) three times: only the heartbeat
      // keeps the other replica's recovery away.
      const a = replica('replica-a', { leaseTtlMs: 600, stepMs: 1_800 });
      const b = replica('replica-b', { leaseTtlMs: 600, stepMs: 1_800 });
      a.engine.startRecovery({ intervalMs: 25 });
      b.engine.startRecovery({ intervalMs: 25 });
      const ids = { a: [] as string[], b: [] as string[] };
      for (let n = 0; n < 5; n++) {
        ids.a.push(await a.engine.start(a.saga, { n }));
        ids.b.push(await b.engine.start(b.saga, { n }));
      }
      const claimed = await database
        .db('sagas')
        .whereIn('id', ids.a)
        .select('owner', 'lease_expires_at');
      expect(claimed.map(r => r.owner)).toEqual(Array(5).fill('replica-a'));
      expect(claimed.every(r => Number(r.lease_expires_at) > Date.now())).toBe(
        true,
      );

      // A third replica starting now (it used to take every running saga over).
      const c = replica('replica-c', { leaseTtlMs: 600 });
      expect(await c.engine.recoverSagas()).toEqual([]);

      await eventually(
        async () => (await statuses()).every(s => s === 'completed'),
        'every saga to complete',
      );
      const rows = await database.db('sagas').select('id', 'owner', 'status');
      expect(rows).toHaveLength(10);
      expect(rows.every(r => r.owner === null)).toBe(true);
      for (const step of ['one', 'two', 'three']) {
        expect(participant.countsFor(step)).toEqual(Array(10).fill(1));
      }
      for (const [key, callers] of participant.callers) {
        const sagaId = key.split(':')[0]!;
        expect(callers).toEqual([
          ids.a.includes(sagaId) ? 'replica-a' : 'replica-b',
        ]);
      }
      for (const id of [...ids.a, ...ids.b]) {
        const view = (await a.engine.describe(id))!;
        expect(stepLog(view.steps)).toEqual([
          'invoke one #1 succeeded',
          'invoke two #1 succeeded',
          'invoke three #1 succeeded',
        ]);
      }
      for (const { metrics } of [a, b, c]) {
        expect(metrics.halts.get('conflict') ?? 0).toBe(0);
        expect(metrics.recovered).toBe(0);
      }
    });

    it('a crashed replica: the other takes its sagas over once their leases expire, and finishes them', async () => {
      const leaseTtlMs = 600;
      const crashed = deferred();
      const inFlight = new Set<string>();
      const a = replica('replica-a', {
        leaseTtlMs,
        // Step two's effect is done, then the process dies before the answer.
        hold: (step, key) => {
          if (step !== 'two') return undefined;
          inFlight.add(key);
          return crashed.promise;
        },
      });
      const b = replica('replica-b', { leaseTtlMs });
      b.engine.startRecovery({ intervalMs: 25 });
      const ids: string[] = [];
      for (let n = 0; n < 4; n++) ids.push(await a.engine.start(a.saga, { n }));
      await eventually(async () => inFlight.size === 4, 'step two in flight');

      // Alive (heartbeats), replica A keeps its sagas for several TTLs.
      await sleep(3 * leaseTtlMs);
      expect(b.metrics.recovered).toBe(0);
      expect(participant.countsFor('two')).toEqual([1, 1, 1, 1]);

      a.engine.simulateCrash();
      const leases = await database.db('sagas').select('lease_expires_at');
      const lastLease = Math.max(
        ...leases.map(r => Number(r.lease_expires_at)),
      );
      await eventually(
        async () => (await statuses()).every(s => s === 'completed'),
        'replica B to finish the sagas',
      );
      const takeoverStarted = await database
        .db('saga_steps')
        .where({ step: 'two', attempt: 2 })
        .min({ at: 'started_at' })
        .first();
      expect(Number(takeoverStarted!.at)).toBeGreaterThanOrEqual(lastLease);

      expect(b.metrics.recovered).toBe(4);
      expect(participant.countsFor('one')).toEqual([1, 1, 1, 1]);
      // The call in flight at the crash is made again (same key, no second effect).
      expect(participant.countsFor('two')).toEqual([2, 2, 2, 2]);
      expect(participant.countsFor('three')).toEqual([1, 1, 1, 1]);
      expect([...participant.effects.values()]).toEqual(Array(12).fill(1));
      for (const id of ids) {
        expect(participant.callers.get(`${id}:two`)).toEqual([
          'replica-a',
          'replica-b',
        ]);
        expect(participant.callers.get(`${id}:three`)).toEqual(['replica-b']);
        const view = (await b.engine.describe(id))!;
        expect(stepLog(view.steps)).toEqual([
          'invoke one #1 succeeded',
          'invoke two #1 interrupted',
          'invoke two #2 succeeded',
          'invoke three #1 succeeded',
        ]);
      }
      expect(b.metrics.halts.get('conflict') ?? 0).toBe(0);

      // The crashed replica's late answers are refused (fenced by the claim).
      crashed.resolve();
      const late = await Promise.all(
        ids.map(id => a.engine.settled(id) as Promise<SagaRunResult>),
      );
      expect(late).toEqual(
        ids.map(sagaId => ({ sagaId, status: 'completed', halted: true })),
      );
      expect(a.metrics.halts.get('conflict')).toBe(4);
      for (const id of ids) {
        expect(stepLog((await b.engine.describe(id))!.steps)).toHaveLength(4);
      }
    });

    it('stop() releases the leases: another replica continues at once', async () => {
      const paused = deferred();
      let atStepTwo = 0;
      const a = replica('replica-a', {
        leaseTtlMs: 60_000,
        hold: step => {
          if (step !== 'two') return undefined;
          atStepTwo++;
          return paused.promise;
        },
      });
      const b = replica('replica-b', { leaseTtlMs: 60_000 });
      const ids = [
        await a.engine.start(a.saga, { n: 1 }),
        await a.engine.start(a.saga, { n: 2 }),
      ];
      await eventually(async () => atStepTwo === 2, 'step two in flight');
      expect(await b.engine.recoverSagas()).toEqual([]);

      const stopped = a.engine.stop();
      paused.resolve();
      await stopped;
      const rows = await database.db('sagas').orderBy('created_at');
      expect(rows.map(r => [r.status, r.owner, r.lease_expires_at])).toEqual([
        ['running', null, null],
        ['running', null, null],
      ]);

      expect((await b.engine.recoverSagas()).sort()).toEqual([...ids].sort());
      await b.engine.idle();
      expect(await statuses()).toEqual(['completed', 'completed']);
      expect(participant.countsFor('two')).toEqual([1, 1]);
      expect(participant.countsFor('three')).toEqual([1, 1]);
      expect(b.metrics.recovered).toBe(2);
    });

    it('begin() claims the saga for its engine in the same transaction; the lease is renewed while it runs', async () => {
      const slow = deferred();
      const a = replica('replica-a', {
        leaseTtlMs: 300,
        hold: step => (step === 'one' ? slow.promise : undefined),
      });
      const id = await a.engine.start(a.saga, { n: 1 });
      const first = await a.engine.describe(id);
      expect(first!.owner).toBe('replica-a');
      await sleep(500);
      const renewed = await a.engine.describe(id);
      expect(renewed!.owner).toBe('replica-a');
      expect(renewed!.leaseExpiresAt!).toBeGreaterThan(first!.leaseExpiresAt!);
      expect(renewed!.leaseExpiresAt!).toBeGreaterThan(Date.now());
      slow.resolve();
      expect(await a.engine.settled(id)).toEqual({
        sagaId: id,
        status: 'completed',
        halted: false,
      });
      const done = await a.engine.describe(id);
      expect([done!.owner, done!.leaseExpiresAt]).toEqual([null, null]);
    });

    it('a saga begun but never executed is left alone while its lease lives, then recovered (by its own engine too)', async () => {
      const a = replica('replica-a', { leaseTtlMs: 300 });
      const uow = new KnexUnitOfWork(
        database.db,
        (() => {
          const events = testRegistry();
          defineSagaEvents(events);
          return events;
        })(),
      );
      // The caller commits begin() and dies before execute().
      const id = await uow.run(ctx => a.engine.begin(ctx, a.saga, { n: 1 }));
      expect(await a.engine.recoverSagas()).toEqual([]);
      await sleep(400);
      expect(await a.engine.recoverSagas()).toEqual([id]);
      expect(await a.engine.settled(id)).toEqual({
        sagaId: id,
        status: 'completed',
        halted: false,
      });
      expect(participant.countsFor('one')).toEqual([1]);
    });

    it('startRecovery() validates its settings', () => {
      const a = replica('replica-a', { leaseTtlMs: 300 });
      expect(() => a.engine.startRecovery({ intervalMs: 0 })).toThrow(
        /intervalMs must be a positive/,
      );
      expect(() => a.engine.startRecovery({ leaseTtlMs: -1 })).toThrow(
        /leaseTtlMs must be a positive/,
      );
      a.engine.startRecovery({ intervalMs: 1_000 });
      expect(() => a.engine.startRecovery()).toThrow(/already started/);
    });
  });
});

describe('saga recovery settings and ServiceRuntime wiring', () => {
  const env = (extra: NodeJS.ProcessEnv = {}) => ({
    DATABASE_FILENAME: ':memory:',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    ...extra,
  });
  const defaults = { serviceName: 'sagas', tier: 'standard' as const };

  it('SAGA_RECOVERY_INTERVAL_MS and SAGA_LEASE_TTL_MS: 5 s and 30 s by default, bad values named', () => {
    expect(loadChassisConfig(env(), defaults).saga).toEqual({
      recoveryIntervalMs: 5_000,
      leaseTtlMs: 30_000,
    });
    expect(
      loadChassisConfig(
        env({ SAGA_RECOVERY_INTERVAL_MS: '250', SAGA_LEASE_TTL_MS: '900' }),
        defaults,
      ).saga,
    ).toEqual({ recoveryIntervalMs: 250, leaseTtlMs: 900 });
    let error: unknown;
    try {
      loadChassisConfig(
        env({ SAGA_RECOVERY_INTERVAL_MS: '0', SAGA_LEASE_TTL_MS: 'soon' }),
        defaults,
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map(p => p.split(':')[0])).toEqual([
      'SAGA_RECOVERY_INTERVAL_MS',
      'SAGA_LEASE_TTL_MS',
    ]);
  });

  it('a started runtime takes over, after its lease expires, a saga left by a replica that died', async () => {
    const events = testRegistry();
    defineSagaEvents(events);
    const calls: string[] = [];
    const saga = defineSaga<Input, State>({
      name: 'Orphaned',
      initialState: () => ({}),
      steps: [
        {
          name: 'only',
          timeoutMs: 5_000,
          retry: { maxAttempts: 1, backoffMs: 0 },
          invoke: async ({ idempotencyKey }) => void calls.push(idempotencyKey),
        },
      ],
    });
    const runtime = await ServiceRuntime.create({
      config: loadChassisConfig(
        env({ SAGA_RECOVERY_INTERVAL_MS: '50', SAGA_LEASE_TTL_MS: '400' }),
        defaults,
      ),
      events,
    });
    try {
      const engine = runtime.sagaEngine([saga]);
      await runtime.start();
      // Another replica begins a saga and dies before running it.
      const ghost = new SagaEngine({
        db: runtime.db,
        uow: runtime.uow,
        sagas: [saga],
        logger: pino({ level: 'silent' }),
        ownerId: 'ghost',
        leaseTtlMs: 400,
      });
      const id = await runtime.uow.run(ctx => ghost.begin(ctx, saga, { n: 1 }));
      const begun = Date.now();
      expect((await engine.describe(id))!.owner).toBe('ghost');
      await eventually(
        async () => (await engine.describe(id))!.status === 'completed',
        'the runtime to finish the orphaned saga',
        10_000,
      );
      expect(Date.now() - begun).toBeGreaterThanOrEqual(400);
      expect(calls).toEqual([`${id}:only`]);
      expect((await engine.describe(id))!.owner).toBeNull();
    } finally {
      await runtime.stop();
    }
  });
});
