import pino from 'pino';
import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it,
} from 'vitest';
import { defineSagaEvents } from '../src/saga/events';
import { KnexUnitOfWork } from '../src/outbox/unitOfWork';
import { defineSaga, type SagaStepDefinition } from '../src/saga/define';
import { SagaEngine, type SagaEngineOptions } from '../src/saga/engine';
import type { SagaMetrics } from '../src/saga/metrics';
import {
  setupInMemoryTracing,
  type InMemoryTracing,
} from '../src/testing/tracing';
import type { TestDatabase } from './support/infra';
import { availableDatabases, testRegistry } from './support/outboxFixtures';

type State = { done: string[] };

/** The test registry plus the saga lifecycle events. */
function sagaRegistry() {
  const events = testRegistry();
  defineSagaEvents(events);
  return events;
}

const stepLog = (saga: {
  steps: Array<{
    step: string;
    phase: string;
    status: string;
    attempt: number;
  }>;
}) => saga.steps.map(s => `${s.phase} ${s.step} #${s.attempt} ${s.status}`);
type Step = SagaStepDefinition<{ label: string }, State>;

/** Records every effect per idempotency key: a second effect for a key is a bug. */
class Ledger {
  readonly calls: string[] = [];
  readonly effects = new Map<string, number>();
  apply(what: string, key: string) {
    this.calls.push(what);
    this.effects.set(key, (this.effects.get(key) ?? 0) + 1);
  }
}

/** Every hook call, as text, in order. */
function recordingMetrics(): SagaMetrics & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    sagaStarted: name => void calls.push(`started ${name}`),
    sagaFinished: (name, status, durationMs) =>
      void calls.push(
        `finished ${name} ${status}${durationMs >= 0 ? '' : ' (negative!)'}`,
      ),
    stepAttempt: (name, step, phase, outcome) =>
      void calls.push(`${phase} ${name}.${step} ${outcome}`),
  };
}

describe('defineSaga', () => {
  const step = (name: string, overrides: Partial<Step> = {}): Step => ({
    name,
    timeoutMs: 1000,
    retry: { maxAttempts: 1, backoffMs: 0 },
    invoke: async () => undefined,
    ...overrides,
  });

  it('refuses duplicate step names, bad timeouts and bad retry settings, naming each', () => {
    expect(() =>
      defineSaga({
        name: 'Bad',
        initialState: () => ({ done: [] }),
        steps: [
          step('a'),
          step('a'),
          step('b', { timeoutMs: 0 }),
          step('c', { retry: { maxAttempts: 0, backoffMs: -1 } }),
          step('d', {
            retry: { maxAttempts: 1, backoffMs: 0, waitWhileUnavailableMs: -5 },
          }),
        ],
      }),
    ).toThrow(
      "Saga 'Bad' is invalid: step 'a' is declared twice; step 'b': timeoutMs must be a positive number; step 'c': retry.maxAttempts must be an integer >= 1; step 'c': retry.backoffMs must be >= 0; step 'd': retry.waitWhileUnavailableMs must be >= 0",
    );
  });

  it('refuses a deadline that is not a positive number', () => {
    for (const deadlineMs of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() =>
        defineSaga({
          name: 'Late',
          initialState: () => ({ done: [] }),
          steps: [step('a')],
          deadlineMs,
        }),
      ).toThrow("Saga 'Late' is invalid: deadlineMs must be a positive number");
    }
    expect(
      defineSaga({
        name: 'Fine',
        initialState: () => ({ done: [] }),
        steps: [step('a')],
        deadlineMs: 1,
      }).deadlineMs,
    ).toBe(1);
  });

  it('refuses a saga without steps', () => {
    expect(() =>
      defineSaga({ name: 'Empty', initialState: () => ({}), steps: [] }),
    ).toThrow(/no steps/);
  });
});

describe('SagaEngine', async () => {
  const databases = await availableDatabases();
  let tracing: InMemoryTracing;
  beforeAll(() => {
    tracing = setupInMemoryTracing();
  });
  afterAll(async () => {
    await tracing.shutdown();
  });

  describe.each(databases)('on $name', ({ create }) => {
    let database: TestDatabase;
    let engine: SagaEngine;
    let ledger: Ledger;
    const logger = pino({ level: 'silent' });

    beforeEach(async () => {
      database = await create();
      ledger = new Ledger();
      tracing.reset();
    });
    afterEach(async () => {
      await engine?.stop();
      await database.destroy();
    });

    /** A step that records its effects; `fail(attempt)` says whether an attempt throws. */
    const ledgerStep = (
      name: string,
      options: {
        fail?: (attempt: number) => Error | undefined;
        failCompensation?: (attempt: number) => Error | undefined;
        compensate?: boolean;
        maxAttempts?: number;
      } = {},
    ): Step => ({
      name,
      timeoutMs: 5_000,
      retry: { maxAttempts: options.maxAttempts ?? 3, backoffMs: 1 },
      async invoke({ idempotencyKey, attempt, state }) {
        const error = options.fail?.(attempt);
        if (error) throw error;
        ledger.apply(`invoke ${name}`, idempotencyKey);
        return { done: [...state.done, name] };
      },
      ...(options.compensate === false
        ? {}
        : {
            async compensate({
              idempotencyKey,
              invokeIdempotencyKey,
              attempt,
            }) {
              const error = options.failCompensation?.(attempt);
              if (error) throw error;
              // Idempotent participant: undoing what was never done is a no-op.
              if (!ledger.effects.has(invokeIdempotencyKey)) {
                ledger.calls.push(`compensate ${name}: nothing to undo`);
                return;
              }
              ledger.apply(`compensate ${name}`, idempotencyKey);
            },
          }),
    });

    const run = async (
      steps: Step[],
      hooks: {
        outcomes?: string[];
        deadlineMs?: number;
        engine?: Partial<SagaEngineOptions>;
      } = {},
    ) => {
      const saga = defineSaga<{ label: string }, State>({
        name: 'Test',
        initialState: () => ({ done: [] }),
        steps,
        deadlineMs: hooks.deadlineMs,
        onCompleted: async () => void hooks.outcomes?.push('completed'),
        onCompensated: async ({ failedStep }) =>
          void hooks.outcomes?.push(`compensated after ${failedStep}`),
        onFailed: async ({ failedStep, error }) =>
          void hooks.outcomes?.push(`failed at ${failedStep}: ${error}`),
      });
      const uow = new KnexUnitOfWork(database.db, sagaRegistry());
      engine = new SagaEngine({
        db: database.db,
        uow,
        sagas: [saga],
        logger,
        ...hooks.engine,
      });
      const sagaId = await engine.start(saga, { label: 'x' });
      const result = await engine.settled(sagaId);
      const view = await engine.describe(sagaId);
      const outbox = await database
        .db('outbox')
        .orderBy('position')
        .select('event_type', 'payload');
      return {
        sagaId,
        result,
        view: view!,
        outbox: outbox.map(row => ({
          type: row.event_type as string,
          payload: JSON.parse(row.payload),
        })),
      };
    };

    it('runs every step in order, merges state, passes <sagaId>:<step> as idempotency key', async () => {
      const outcomes: string[] = [];
      const { sagaId, result, view, outbox } = await run(
        [ledgerStep('one'), ledgerStep('two'), ledgerStep('three')],
        { outcomes },
      );
      expect(result).toEqual({ sagaId, status: 'completed', halted: false });
      expect(view.state).toEqual({ done: ['one', 'two', 'three'] });
      expect(ledger.calls).toEqual([
        'invoke one',
        'invoke two',
        'invoke three',
      ]);
      expect([...ledger.effects.keys()]).toEqual([
        `${sagaId}:one`,
        `${sagaId}:two`,
        `${sagaId}:three`,
      ]);
      expect(outcomes).toEqual(['completed']);
      expect(outbox.map(e => e.type)).toEqual([
        'saga.started',
        'saga.step-completed',
        'saga.step-completed',
        'saga.step-completed',
        'saga.completed',
      ]);
      expect(outbox[0]!.payload).toEqual({
        sagaId,
        sagaName: 'Test',
        steps: ['one', 'two', 'three'],
      });
    });

    it('a step failing for good is compensated too, then the completed steps in reverse order', async () => {
      const outcomes: string[] = [];
      const { sagaId, view, outbox } = await run(
        [
          ledgerStep('one'),
          ledgerStep('two', { compensate: false }),
          ledgerStep('three'),
          ledgerStep('four', { fail: () => new Error('boom'), maxAttempts: 2 }),
          ledgerStep('five'),
        ],
        { outcomes },
      );
      expect(view.status).toBe('compensated');
      expect(view.failedStep).toBe('four');
      expect(view.error).toBe("step 'four' failed: boom");
      // 'four' was attempted, so its compensation is due (a no-op here: the
      // participant never acted); 'two' has none, 'five' never started.
      expect(ledger.calls).toEqual([
        'invoke one',
        'invoke two',
        'invoke three',
        'compensate four: nothing to undo',
        'compensate three',
        'compensate one',
      ]);
      expect(ledger.effects.get(`${sagaId}:three:compensate`)).toBe(1);
      expect(stepLog(view)).toEqual([
        'invoke one #1 succeeded',
        'invoke two #1 succeeded',
        'invoke three #1 succeeded',
        'invoke four #1 failed',
        'invoke four #2 failed',
        'compensate four #1 succeeded',
        'compensate three #1 succeeded',
        'compensate one #1 succeeded',
      ]);
      expect(outcomes).toEqual(['compensated after four']);
      expect(outbox.slice(-6)).toEqual([
        expect.objectContaining({ type: 'saga.step-failed' }),
        expect.objectContaining({ type: 'saga.compensating' }),
        {
          type: 'saga.step-completed',
          payload: {
            sagaId,
            sagaName: 'Test',
            step: 'four',
            phase: 'compensate',
            attempt: 1,
          },
        },
        expect.objectContaining({ type: 'saga.step-completed' }),
        expect.objectContaining({ type: 'saga.step-completed' }),
        expect.objectContaining({ type: 'saga.compensated' }),
      ]);
    });

    it('a step that timed out after its participant acted is compensated: the effect is undone', async () => {
      // An inventory participant keyed by the invoke's idempotency key: it
      // reserves once per key, and releasing what it never reserved is a no-op.
      const reservations = new Map<string, 'reserved' | 'released'>();
      const counts = {
        reserveCalls: 0,
        reserved: 0,
        releaseCalls: 0,
        released: 0,
      };
      const reserve: Step = {
        name: 'reserve',
        timeoutMs: 50,
        retry: { maxAttempts: 2, backoffMs: 1 },
        async invoke({ idempotencyKey }) {
          counts.reserveCalls++;
          if (!reservations.has(idempotencyKey)) {
            reservations.set(idempotencyKey, 'reserved');
            counts.reserved++;
          }
          // The reservation is made; the answer never comes back.
          return new Promise<never>(() => undefined);
        },
        async compensate({ invokeIdempotencyKey }) {
          counts.releaseCalls++;
          if (reservations.get(invokeIdempotencyKey) === 'reserved') {
            reservations.set(invokeIdempotencyKey, 'released');
            counts.released++;
          }
        },
      };
      const { sagaId, view, outbox } = await run([ledgerStep('one'), reserve]);

      expect(view.status).toBe('compensated');
      expect(stepLog(view)).toEqual([
        'invoke one #1 succeeded',
        'invoke reserve #1 failed',
        'invoke reserve #2 failed',
        'compensate reserve #1 succeeded',
        'compensate one #1 succeeded',
      ]);
      expect(counts).toEqual({
        reserveCalls: 2,
        reserved: 1,
        releaseCalls: 1,
        released: 1,
      });
      expect([...reservations]).toEqual([[`${sagaId}:reserve`, 'released']]);
      expect(ledger.calls).toEqual(['invoke one', 'compensate one']);
      expect(outbox.map(e => e.type)).toEqual([
        'saga.started',
        'saga.step-completed',
        'saga.step-failed',
        'saga.step-failed',
        'saga.compensating',
        'saga.step-completed',
        'saga.step-completed',
        'saga.compensated',
      ]);
      expect(outbox[5]!.payload).toMatchObject({
        step: 'reserve',
        phase: 'compensate',
      });
    });

    it('a transient failure is retried and succeeds', async () => {
      const { view } = await run([
        ledgerStep('one', {
          fail: attempt =>
            attempt < 3 ? new Error(`flaky ${attempt}`) : undefined,
        }),
      ]);
      expect(view.status).toBe('completed');
      expect(view.steps.map(s => [s.attempt, s.status, s.error])).toEqual([
        [1, 'failed', 'flaky 1'],
        [2, 'failed', 'flaky 2'],
        [3, 'succeeded', null],
      ]);
    });

    it('an error marked retryable: false is not retried', async () => {
      const refusal = Object.assign(new Error('402 declined'), {
        retryable: false,
      });
      const { view } = await run([
        ledgerStep('one'),
        ledgerStep('two', { fail: () => refusal }),
      ]);
      expect(view.status).toBe('compensated');
      // The refused step is compensated too, harmlessly (nothing to undo).
      expect(stepLog(view)).toEqual([
        'invoke one #1 succeeded',
        'invoke two #1 failed',
        'compensate two #1 succeeded',
        'compensate one #1 succeeded',
      ]);
      expect(ledger.calls).toEqual([
        'invoke one',
        'compensate two: nothing to undo',
        'compensate one',
      ]);
    });

    it('a step that ignores its signal still times out (and sees the signal abort)', async () => {
      let aborted: unknown;
      const hanging: Step = {
        name: 'hangs',
        timeoutMs: 50,
        retry: { maxAttempts: 1, backoffMs: 0 },
        invoke: ({ signal }) => {
          signal.addEventListener('abort', () => (aborted = signal.reason));
          return new Promise(() => undefined);
        },
      };
      const { view, outbox } = await run([ledgerStep('one'), hanging]);
      expect(view.status).toBe('compensated');
      expect(view.steps[1]!.error).toBe(
        "step 'hangs' (invoke) timed out after 50 ms",
      );
      expect((aborted as Error).name).toBe('StepTimeoutError');
      expect(
        outbox.find(e => e.type === 'saga.step-failed')!.payload,
      ).toMatchObject({
        step: 'hangs',
        timedOut: true,
        willRetry: false,
      });
      expect(ledger.calls).toEqual(['invoke one', 'compensate one']);
    });

    it('a compensation that keeps failing ends the saga failed, with the error recorded', async () => {
      const outcomes: string[] = [];
      const { view, outbox } = await run(
        [
          ledgerStep('one'),
          ledgerStep('two', {
            failCompensation: () => new Error('refund API down'),
            maxAttempts: 2,
          }),
          ledgerStep('three', {
            fail: () => Object.assign(new Error('no'), { retryable: false }),
          }),
        ],
        { outcomes },
      );
      expect(view.status).toBe('failed');
      expect(view.error).toBe(
        "compensation of step 'two' failed after 2 attempt(s): refund API down (compensating because step 'three' failed: no)",
      );
      // Compensation stops at the stuck step: 'one' is left for an operator.
      expect(stepLog(view).slice(-3)).toEqual([
        'compensate three #1 succeeded',
        'compensate two #1 failed',
        'compensate two #2 failed',
      ]);
      expect(ledger.calls).toEqual([
        'invoke one',
        'invoke two',
        'compensate three: nothing to undo',
      ]);
      expect(outcomes).toEqual([`failed at two: ${view.error}`]);
      expect(outbox.at(-1)).toEqual({
        type: 'saga.failed',
        payload: {
          sagaId: view.id,
          sagaName: 'Test',
          failedStep: 'two',
          error: view.error,
        },
      });
    });

    it('each step attempt has a span "saga <name> step <step>" with the saga attributes', async () => {
      const { sagaId } = await run([
        ledgerStep('one'),
        ledgerStep('two', {
          fail: () => Object.assign(new Error('no'), { retryable: false }),
        }),
      ]);
      const spans = tracing.spansNamed(/^saga Test step /);
      expect(
        spans.map(s => [s.name, s.attributes['saga.phase'], s.status.code]),
      ).toEqual([
        ['saga Test step one', 'invoke', 0],
        ['saga Test step two', 'invoke', 2],
        ['saga Test step two', 'compensate', 0],
        ['saga Test step one', 'compensate', 0],
      ]);
      expect(spans.every(s => s.attributes['saga.id'] === sagaId)).toBe(true);
    });

    it('deadline: no retry once it has passed; compensations still run (and retry) past it', async () => {
      let clock = 1_000_000;
      const slowlyFailing: Step = {
        name: 'two',
        timeoutMs: 5_000,
        retry: { maxAttempts: 10, backoffMs: 0 },
        async invoke({ idempotencyKey }) {
          clock += 100; // each attempt takes 100 ms on the saga's clock
          ledger.calls.push(`invoke two (${idempotencyKey})`);
          throw new Error('down');
        },
        async compensate() {
          ledger.calls.push('compensate two: nothing to undo');
        },
      };
      const { sagaId, view, outbox } = await run(
        [
          ledgerStep('one', {
            failCompensation: attempt =>
              attempt === 1 ? new Error('refund API blip') : undefined,
          }),
          slowlyFailing,
        ],
        { deadlineMs: 250, engine: { now: () => clock } },
      );
      expect(view.status).toBe('compensated');
      // t=100, 200: before the deadline, retried; t=300: past it, not retried.
      expect(stepLog(view)).toEqual([
        'invoke one #1 succeeded',
        'invoke two #1 failed',
        'invoke two #2 failed',
        'invoke two #3 failed',
        'compensate two #1 succeeded',
        'compensate one #1 failed',
        'compensate one #2 succeeded',
      ]);
      expect(view.error).toBe(
        "step 'two' failed: down (not retried: the saga's deadline of 250 ms has passed)",
      );
      expect(ledger.calls).toEqual([
        'invoke one',
        `invoke two (${sagaId}:two)`,
        `invoke two (${sagaId}:two)`,
        `invoke two (${sagaId}:two)`,
        'compensate two: nothing to undo',
        'compensate one',
      ]);
      expect(
        outbox
          .filter(e => e.type === 'saga.step-failed')
          .map(e => [e.payload.step, e.payload.attempt, e.payload.willRetry]),
      ).toEqual([
        ['two', 1, true],
        ['two', 2, true],
        ['two', 3, false],
        ['one', 1, true],
      ]);
    });

    it('deadline: a step due after it never starts (and is not compensated)', async () => {
      let clock = 1_000_000;
      const slow: Step = {
        ...ledgerStep('one'),
        async invoke({ idempotencyKey, state }) {
          clock += 300;
          ledger.apply('invoke one', idempotencyKey);
          return { done: [...state.done, 'one'] };
        },
      };
      const outcomes: string[] = [];
      const { view, outbox } = await run([slow, ledgerStep('two')], {
        deadlineMs: 250,
        outcomes,
        engine: { now: () => clock },
      });
      expect(view.status).toBe('compensated');
      expect(view.failedStep).toBe('two');
      expect(view.error).toBe(
        "the saga's deadline of 250 ms passed before step 'two' started",
      );
      expect(stepLog(view)).toEqual([
        'invoke one #1 succeeded',
        'compensate one #1 succeeded',
      ]);
      expect(ledger.calls).toEqual(['invoke one', 'compensate one']);
      expect(outcomes).toEqual(['compensated after two']);
      expect(outbox.map(e => e.type)).toEqual([
        'saga.started',
        'saga.step-completed',
        'saga.compensating',
        'saga.step-completed',
        'saga.compensated',
      ]);
    });

    it('reports to the metrics hooks: saga started and finished, every attempt and its outcome', async () => {
      const metrics = recordingMetrics();
      const hanging: Step = {
        name: 'hangs',
        timeoutMs: 30,
        retry: { maxAttempts: 1, backoffMs: 0 },
        invoke: () => new Promise(() => undefined),
        async compensate() {},
      };
      await run(
        [
          ledgerStep('one', {
            fail: attempt => (attempt === 1 ? new Error('blip') : undefined),
          }),
          hanging,
        ],
        { engine: { metrics } },
      );
      expect(metrics.calls).toEqual([
        'started Test',
        'invoke Test.one failed',
        'invoke Test.one succeeded',
        'invoke Test.hangs timed-out',
        'compensate Test.hangs succeeded',
        'compensate Test.one succeeded',
        'finished Test compensated',
      ]);
    });

    it('a failing metrics hook does not stop the saga', async () => {
      const { view } = await run([ledgerStep('one')], {
        engine: {
          metrics: {
            stepAttempt: () => {
              throw new Error('metrics broke');
            },
          },
        },
      });
      expect(view.status).toBe('completed');
    });

    it('refuses to begin a saga it does not know', async () => {
      const uow = new KnexUnitOfWork(database.db, sagaRegistry());
      engine = new SagaEngine({ db: database.db, uow, sagas: [], logger });
      const stranger = defineSaga({
        name: 'Stranger',
        initialState: () => ({}),
        steps: [ledgerStep('one')],
      });
      await expect(
        engine.start(stranger as never, { label: 'x' }),
      ).rejects.toThrow(/Saga 'Stranger' is not registered/);
      expect(await database.db('sagas')).toHaveLength(0);
    });
  });
});
