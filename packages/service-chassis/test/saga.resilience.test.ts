import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KnexUnitOfWork } from '../src/outbox/unitOfWork';
import {
  BulkheadFullError,
  CircuitOpenError,
  createPolicy,
  type ResilientPolicy,
} from '../src/resilience/policies';
import { defineSaga, type SagaStepDefinition } from '../src/saga/define';
import { SagaEngine, type SagaEngineOptions } from '../src/saga/engine';
import { defineSagaEvents } from '../src/saga/events';
import { RetryBudget } from '../src/saga/retryBudget';
import type { TestDatabase } from './support/infra';
import { availableDatabases, testRegistry } from './support/outboxFixtures';

type State = Record<string, unknown>;
type Step = SagaStepDefinition<{ n: number }, State>;

const logger = pino({ level: 'silent' });

const stepLog = (saga: {
  steps: Array<{
    step: string;
    phase: string;
    status: string;
    attempt: number;
  }>;
}) => saga.steps.map(s => `${s.phase} ${s.step} #${s.attempt} ${s.status}`);

/** A log with runs of the same line collapsed: `line xN`. */
const collapsed = (lines: string[]) => {
  const out: string[] = [];
  for (const line of lines) {
    const last = out.at(-1);
    const match = last?.match(/^(.*?)(?: x(\d+))?$/);
    if (match && match[1] === line) {
      out[out.length - 1] = `${line} x${Number(match[2] ?? 1) + 1}`;
    } else out.push(line);
  }
  return out;
};

/**
 * A dependency behind a real policy: its breaker opens after 2 consecutive
 * failures and half-opens after `halfOpenAfterMs`; no policy-level retries.
 */
function dependency(halfOpenAfterMs: number) {
  const policy: ResilientPolicy = createPolicy('flaky-http', {
    tier: 'standard',
    logger,
    env: {},
    settings: {
      breakerThreshold: 2,
      halfOpenAfterMs,
      retries: 0,
      timeoutMs: 1_000,
      budgetMs: 1_000,
    },
  });
  const dep = {
    policy,
    calls: 0,
    /** Calls that fail before the dependency is back. */
    failuresLeft: 0,
    call: () =>
      policy.execute(
        async () => {
          dep.calls++;
          if (dep.failuresLeft > 0) {
            dep.failuresLeft--;
            throw new Error('503 from flaky');
          }
          return { ok: true };
        },
        { idempotent: true },
      ),
  };
  return dep;
}

describe('RetryBudget', () => {
  it('allows retries up to ratio x first attempts + a minimum per second, over a sliding window', () => {
    let now = 0;
    const budget = new RetryBudget(
      { ratio: 0.2, minRetriesPerSecond: 0.5, windowMs: 10_000 },
      () => now,
    );
    // The minimum alone: 0.5/s over 10 s = 5 retries.
    expect(Array.from({ length: 7 }, () => budget.tryRetry())).toEqual([
      true,
      true,
      true,
      true,
      true,
      false,
      false,
    ]);
    // 10 first attempts add 2 more.
    for (let i = 0; i < 10; i++) budget.recordAttempt();
    expect([budget.tryRetry(), budget.tryRetry(), budget.tryRetry()]).toEqual([
      true,
      true,
      false,
    ]);
    // Once the window has passed, the old retries no longer count.
    now += 10_000;
    expect(budget.tryRetry()).toBe(true);
  });

  it('refuses bad settings', () => {
    expect(() => new RetryBudget({ ratio: -0.1 })).toThrow(/ratio/);
    expect(() => new RetryBudget({ windowMs: 0 })).toThrow(/windowMs/);
    expect(() => new RetryBudget({ minRetriesPerSecond: -1 })).toThrow(
      /minRetriesPerSecond/,
    );
  });
});

describe('SagaEngine with unavailable dependencies', async () => {
  const databases = await availableDatabases();

  describe.each(databases)('on $name', ({ create }) => {
    let database: TestDatabase;
    let engine: SagaEngine | undefined;

    beforeEach(async () => {
      database = await create();
    });
    afterEach(async () => {
      await engine?.stop();
      engine = undefined;
      await database.destroy();
    });

    const makeEngine = (
      steps: Step[],
      options: {
        deadlineMs?: number;
        engine?: Partial<SagaEngineOptions>;
      } = {},
    ) => {
      const saga = defineSaga<{ n: number }, State>({
        name: 'Resilient',
        initialState: () => ({}),
        steps,
        deadlineMs: options.deadlineMs,
      });
      const events = testRegistry();
      defineSagaEvents(events);
      engine = new SagaEngine({
        db: database.db,
        uow: new KnexUnitOfWork(database.db, events),
        sagas: [saga],
        logger,
        ...options.engine,
      });
      return { engine, saga };
    };

    const runOne = async (
      steps: Step[],
      options: {
        deadlineMs?: number;
        engine?: Partial<SagaEngineOptions>;
      } = {},
    ) => {
      const { engine, saga } = makeEngine(steps, options);
      const id = await engine.start(saga, { n: 1 });
      await engine.settled(id);
      return (await engine.describe(id))!;
    };

    const callStep = (
      dep: ReturnType<typeof dependency>,
      retry: Step['retry'],
    ): Step => ({
      name: 'call',
      timeoutMs: 5_000,
      retry,
      invoke: () => dep.call(),
      async compensate() {},
    });

    it('an open breaker outlasting the old retries: the saga waits for it and completes', async () => {
      // Old total retry time: 2 backoffs of 20 and 40 ms; the breaker stays
      // open 600 ms after the 2nd failure, and the dependency is back by then.
      const dep = dependency(600);
      dep.failuresLeft = 2;
      const started = Date.now();
      const view = await runOne(
        [
          callStep(dep, {
            maxAttempts: 3,
            backoffMs: 20,
            waitWhileUnavailableMs: 50,
          }),
        ],
        { deadlineMs: 10_000 },
      );
      expect(view.status).toBe('completed');
      expect(dep.calls).toBe(3);
      const log = collapsed(stepLog(view).map(l => l.replace(/#\d+ /, '')));
      expect(log.map(l => l.replace(/ x\d+$/, ''))).toEqual([
        'invoke call failed',
        'invoke call refused',
        'invoke call succeeded',
      ]);
      expect(view.steps.filter(s => s.status === 'failed')).toHaveLength(2);
      expect(
        view.steps
          .filter(s => s.status === 'refused')
          .every(s => /circuit breaker is open/.test(s.error!)),
      ).toBe(true);
      // Attempts are numbered in order; refusals did not use up maxAttempts.
      expect(view.steps.map(s => s.attempt)).toEqual(
        view.steps.map((_, i) => i + 1),
      );
      expect(Date.now() - started).toBeGreaterThanOrEqual(600);
    });

    it('without the fix the same saga would have been cancelled: a refusal counts as a failure without a deadline', async () => {
      const dep = dependency(600);
      dep.failuresLeft = 2;
      const view = await runOne([
        callStep(dep, { maxAttempts: 3, backoffMs: 20 }),
      ]);
      expect(view.status).toBe('compensated');
      expect(dep.calls).toBe(2);
      expect(stepLog(view)).toEqual([
        'invoke call #1 failed',
        'invoke call #2 failed',
        'invoke call #3 failed',
        'compensate call #1 succeeded',
      ]);
      expect(view.error).toMatch(/circuit breaker is open/);
    });

    it('a breaker that stays open past the deadline: the saga stops waiting and compensates', async () => {
      const dep = dependency(60_000);
      dep.failuresLeft = 2;
      const started = Date.now();
      const view = await runOne(
        [
          callStep(dep, {
            maxAttempts: 3,
            backoffMs: 1,
            waitWhileUnavailableMs: 100,
          }),
        ],
        { deadlineMs: 500 },
      );
      expect(view.status).toBe('compensated');
      expect(dep.calls).toBe(2);
      expect(view.error).toMatch(
        /^step 'call' failed: flaky-http: circuit breaker is open, call refused \(the dependency stayed unavailable until the saga's deadline of 500 ms\)$/,
      );
      expect(view.steps.at(-1)).toMatchObject({
        phase: 'compensate',
        status: 'succeeded',
      });
      expect(Date.now() - started).toBeLessThan(5_000);
    });

    it('a compensation refused by an open breaker waits for it (not a failed attempt) and finishes', async () => {
      const dep = dependency(400);
      // Open the breaker, and let the compensation find it open.
      const openBreaker = async () => {
        dep.failuresLeft = 2;
        await dep.call().catch(() => undefined);
        await dep.call().catch(() => undefined);
      };
      let refunds = 0;
      const view = await runOne([
        {
          name: 'charge',
          timeoutMs: 5_000,
          retry: { maxAttempts: 1, backoffMs: 0, waitWhileUnavailableMs: 50 },
          invoke: async () => ({ charged: true }),
          compensate: async () => {
            await dep.call();
            refunds++;
          },
        },
        {
          name: 'ship',
          timeoutMs: 5_000,
          retry: { maxAttempts: 1, backoffMs: 0 },
          invoke: async () => {
            await openBreaker();
            throw Object.assign(new Error('422 no'), { retryable: false });
          },
        },
      ]);
      expect(view.status).toBe('compensated');
      expect(refunds).toBe(1);
      expect(dep.calls).toBe(3);
      const log = collapsed(stepLog(view).map(l => l.replace(/#\d+ /, '')));
      expect(log.map(l => l.replace(/ x\d+$/, ''))).toEqual([
        'invoke charge succeeded',
        'invoke ship failed',
        'compensate charge refused',
        'compensate charge succeeded',
      ]);
    });

    it('a bulkhead refusal is waited out like an open breaker; retryAfterMs on the error is honoured', async () => {
      let calls = 0;
      const refusal = new BulkheadFullError('busy-http', {
        maxConcurrent: 1,
        maxQueue: 0,
      });
      const view = await runOne(
        [
          {
            name: 'busy',
            timeoutMs: 5_000,
            retry: {
              maxAttempts: 1,
              backoffMs: 0,
              waitWhileUnavailableMs: 60_000,
            },
            invoke: async () => {
              calls++;
              if (calls <= 2) {
                throw Object.assign(
                  calls === 1 ? refusal : new CircuitOpenError('busy-http'),
                  { retryAfterMs: 30 },
                );
              }
              return {};
            },
          },
        ],
        { deadlineMs: 10_000 },
      );
      expect(view.status).toBe('completed');
      expect(stepLog(view)).toEqual([
        'invoke busy #1 refused',
        'invoke busy #2 refused',
        'invoke busy #3 succeeded',
      ]);
    });

    it('retry budget: saga retries stay within 20 % of first attempts (plus the minimum) while a dependency fails', async () => {
      let calls = 0;
      const denied: string[] = [];
      const failing: Step = {
        name: 'call',
        timeoutMs: 5_000,
        retry: { maxAttempts: 5, backoffMs: 0 },
        invoke: async () => {
          calls++;
          throw new Error('503');
        },
      };
      const { engine, saga } = makeEngine([failing], {
        engine: {
          retryBudget: {
            ratio: 0.2,
            minRetriesPerSecond: 0.1,
            windowMs: 10_000,
          },
          metrics: {
            retryDenied: (name, step) => void denied.push(`${name}.${step}`),
          },
        },
      });
      const views = [];
      for (let n = 0; n < 10; n++) {
        const id = await engine.start(saga, { n });
        await engine.settled(id);
        views.push((await engine.describe(id))!);
      }
      // Allowed retries = floor(0.1/s x 10 s + 0.2 x first attempts): 1 at
      // the 1st saga, 2 at the 5th, 3 at the 10th; 50 calls without a budget.
      expect(calls).toBe(13);
      expect(
        views.map(v => v.steps.filter(s => s.phase === 'invoke').length),
      ).toEqual([2, 1, 1, 1, 2, 1, 1, 1, 1, 2]);
      expect(views.every(v => v.status === 'compensated')).toBe(true);
      expect(
        views.every(
          v =>
            v.error ===
            "step 'call' failed: 503 (not retried: the retry budget is exhausted)",
        ),
      ).toBe(true);
      expect(denied).toEqual(Array(10).fill('Resilient.call'));
    });

    it('retry budget off: every saga uses all its attempts', async () => {
      let calls = 0;
      const { engine, saga } = makeEngine(
        [
          {
            name: 'call',
            timeoutMs: 5_000,
            retry: { maxAttempts: 5, backoffMs: 0 },
            invoke: async () => {
              calls++;
              throw new Error('503');
            },
          },
        ],
        { engine: { retryBudget: false } },
      );
      for (let n = 0; n < 10; n++) {
        await engine.settled(await engine.start(saga, { n }));
      }
      expect(calls).toBe(50);
    });
  });
});
