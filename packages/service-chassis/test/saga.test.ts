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
import { SagaEngine } from '../src/saga/engine';
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
        ],
      }),
    ).toThrow(
      "Saga 'Bad' is invalid: step 'a' is declared twice; step 'b': timeoutMs must be a positive number; step 'c': retry.maxAttempts must be an integer >= 1; step 'c': retry.backoffMs must be >= 0",
    );
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
            async compensate({ idempotencyKey, attempt }) {
              const error = options.failCompensation?.(attempt);
              if (error) throw error;
              ledger.apply(`compensate ${name}`, idempotencyKey);
            },
          }),
    });

    const run = async (steps: Step[], hooks: { outcomes?: string[] } = {}) => {
      const saga = defineSaga<{ label: string }, State>({
        name: 'Test',
        initialState: () => ({ done: [] }),
        steps,
        onCompleted: async () => void hooks.outcomes?.push('completed'),
        onCompensated: async ({ failedStep }) =>
          void hooks.outcomes?.push(`compensated after ${failedStep}`),
        onFailed: async ({ failedStep, error }) =>
          void hooks.outcomes?.push(`failed at ${failedStep}: ${error}`),
      });
      const uow = new KnexUnitOfWork(database.db, sagaRegistry());
      engine = new SagaEngine({ db: database.db, uow, sagas: [saga], logger });
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

    it('a step failing for good compensates the completed steps in reverse order', async () => {
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
      expect(ledger.calls).toEqual([
        'invoke one',
        'invoke two',
        'invoke three',
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
        'compensate three #1 succeeded',
        'compensate one #1 succeeded',
      ]);
      expect(outcomes).toEqual(['compensated after four']);
      expect(outbox.map(e => e.type).slice(-5)).toEqual([
        'saga.step-failed',
        'saga.compensating',
        'saga.step-completed',
        'saga.step-completed',
        'saga.compensated',
      ]);
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
      expect(stepLog(view)).toEqual([
        'invoke one #1 succeeded',
        'invoke two #1 failed',
        'compensate one #1 succeeded',
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
      expect(stepLog(view).slice(-2)).toEqual([
        'compensate two #1 failed',
        'compensate two #2 failed',
      ]);
      expect(ledger.calls).toEqual(['invoke one', 'invoke two']);
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
        ['saga Test step one', 'compensate', 0],
      ]);
      expect(spans.every(s => s.attributes['saga.id'] === sagaId)).toBe(true);
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
