import { context, SpanStatusCode, type Context } from '@opentelemetry/api';
import type { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { UnitOfWork, UnitOfWorkContext } from '../outbox/types';
import { contextFromHeaders, traceHeaders, withSpan } from '../telemetry/trace';
import {
  FINAL_STATUSES,
  isRetryable,
  StepTimeoutError,
  type SagaDefinition,
  type SagaStatus,
  type SagaStepDefinition,
  type StepPhase,
} from './define';

// Definitions are stored by name and used with the input/state read back from
// JSON, so the engine handles them without their type parameters.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnySaga = SagaDefinition<any, any>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyStep = SagaStepDefinition<any, any>;

interface SagaRow {
  id: string;
  name: string;
  status: SagaStatus;
  input: string;
  state: string;
  current_step: number;
  failed_step: string | null;
  error: string | null;
  trace_context: string;
  version: number;
  created_at: number;
  updated_at: number;
}

interface StepRow {
  id: number;
  saga_id: string;
  step_index: number;
  step: string;
  phase: StepPhase;
  status: 'started' | 'succeeded' | 'failed' | 'interrupted';
  attempt: number;
  error: string | null;
  started_at: number;
  finished_at: number | null;
}

/** A saga instance and its step log, for APIs and tests. */
export interface SagaView {
  id: string;
  name: string;
  status: SagaStatus;
  currentStep: number;
  failedStep: string | null;
  error: string | null;
  input: unknown;
  state: unknown;
  createdAt: number;
  updatedAt: number;
  steps: Array<{
    step: string;
    phase: StepPhase;
    status: StepRow['status'];
    attempt: number;
    error: string | null;
    startedAt: number;
    finishedAt: number | null;
  }>;
}

/** How a run ended: at a final status, or halted (stop(), or another runner took over). */
export interface SagaRunResult {
  sagaId: string;
  status: SagaStatus;
  halted: boolean;
}

/** Another runner changed the saga since this one read it: this one stops. */
export class SagaConflictError extends Error {
  constructor(readonly sagaId: string) {
    super(`saga ${sagaId} was changed by another runner`);
    this.name = 'SagaConflictError';
  }
}

export interface SagaEngineOptions {
  db: Knex;
  /** Every state change and its lifecycle event commit together through it. */
  uow: UnitOfWork;
  /** Every saga this service runs (recovery needs them by name). */
  sagas: AnySaga[];
  logger: Logger;
  now?: () => number;
}

const MAX_ERROR_LENGTH = 2000;
const MAX_BACKOFF_MS = 60_000;

function errorText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.length > MAX_ERROR_LENGTH
    ? `${text.slice(0, MAX_ERROR_LENGTH)}...`
    : text;
}

type Outcome =
  | { ok: true; value: unknown }
  | { ok: false; error: unknown; timedOut: boolean };

/**
 * Runs orchestrated sagas: one step at a time, each attempt and outcome
 * committed (state, step log and lifecycle event through the unit of work,
 * hence the outbox) before anything else happens. A step that fails for good
 * starts compensation of the completed steps in reverse order.
 *
 * Crash safety: every transition is in the database. `recoverSagas()` (at
 * start-up) continues every saga left `running` or `compensating`; an attempt
 * that was started but whose outcome was not recorded is marked `interrupted`
 * and invoked again with the same idempotency key. Each transition checks a
 * version column, so if two runners pick up the same saga, one of them stops
 * at its next commit.
 */
export class SagaEngine {
  private readonly db: Knex;
  private readonly uow: UnitOfWork;
  private readonly logger: Logger;
  private readonly now: () => number;
  private readonly definitions = new Map<string, AnySaga>();
  private readonly runs = new Map<string, Promise<SagaRunResult>>();
  private readonly wakeups = new Set<() => void>();
  private stopping = false;

  constructor(options: SagaEngineOptions) {
    this.db = options.db;
    this.uow = options.uow;
    this.logger = options.logger;
    this.now = options.now ?? Date.now;
    for (const saga of options.sagas) {
      if (this.definitions.has(saga.name)) {
        throw new Error(`Saga '${saga.name}' is registered twice`);
      }
      this.definitions.set(saga.name, saga);
    }
  }

  /**
   * Creates a saga instance in the caller's unit of work (so it commits with
   * the caller's own writes, e.g. the order) and emits saga.started. Call
   * `execute(id)` after the commit to run it.
   */
  async begin<Input, State>(
    ctx: UnitOfWorkContext,
    saga: SagaDefinition<Input, State>,
    input: Input,
    options: { id?: string } = {},
  ): Promise<string> {
    if (this.definitions.get(saga.name) !== saga) {
      throw new Error(
        `Saga '${saga.name}' is not registered with this engine (new SagaEngine({ sagas }))`,
      );
    }
    const id = options.id ?? randomUUID();
    const now = this.now();
    await ctx.trx('sagas').insert({
      id,
      name: saga.name,
      status: 'running',
      input: JSON.stringify(input),
      state: JSON.stringify(saga.initialState(input)),
      current_step: 0,
      failed_step: null,
      error: null,
      trace_context: JSON.stringify(traceHeaders()),
      version: 0,
      created_at: now,
      updated_at: now,
    });
    await this.emit(ctx, 'saga.started', id, {
      sagaName: saga.name,
      steps: saga.steps.map(step => step.name),
    });
    return id;
  }

  /** begin() in a unit of work of its own, then execute() in the background. */
  async start<Input, State>(
    saga: SagaDefinition<Input, State>,
    input: Input,
    options: { id?: string } = {},
  ): Promise<string> {
    const id = await this.uow.run(ctx => this.begin(ctx, saga, input, options));
    void this.execute(id);
    return id;
  }

  /**
   * Runs the saga until it reaches a final status or the engine stops. A saga
   * already running in this engine is joined, not run twice. The promise
   * rejects only on infrastructure errors (the saga stays where it was, for
   * recovery); they are also logged, so it may be ignored.
   */
  execute(sagaId: string): Promise<SagaRunResult> {
    const existing = this.runs.get(sagaId);
    if (existing) return existing;
    const run = this.run(sagaId).finally(() => this.runs.delete(sagaId));
    run.catch(error =>
      this.logger.error(
        { err: error, sagaId },
        'saga run stopped by an error; recovery will continue it',
      ),
    );
    this.runs.set(sagaId, run);
    return run;
  }

  /**
   * Continues every saga left `running` or `compensating` (after a crash or a
   * stop). Returns their ids once their runs have started; `settled(id)` or
   * `idle()` wait for them.
   */
  async recoverSagas(): Promise<string[]> {
    const rows: Array<{ id: string; name: string }> = await this.db('sagas')
      .whereIn('status', ['running', 'compensating'])
      .orderBy('created_at')
      .select('id', 'name');
    const resumed: string[] = [];
    for (const row of rows) {
      if (!this.definitions.has(row.name)) {
        this.logger.error(
          { sagaId: row.id, sagaName: row.name },
          'cannot recover saga: no definition with this name is registered',
        );
        continue;
      }
      void this.execute(row.id);
      resumed.push(row.id);
    }
    if (resumed.length > 0) {
      this.logger.info({ sagas: resumed.length }, 'recovering sagas');
    }
    return resumed;
  }

  /** The run of `sagaId` in this engine, if there is one. */
  settled(sagaId: string): Promise<SagaRunResult> | undefined {
    return this.runs.get(sagaId);
  }

  /** Resolves when no saga runs in this engine (whatever their outcome). */
  async idle(): Promise<void> {
    while (this.runs.size > 0) {
      await Promise.allSettled([...this.runs.values()]);
    }
  }

  /**
   * Graceful stop: in-flight attempts finish and are recorded, nothing new
   * starts (waits between retries end at once). Sagas stay `running` or
   * `compensating` for recoverSagas() at the next start.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const wake of [...this.wakeups]) wake();
    await this.idle();
  }

  /** A saga and its step log (attempts in the order they happened). */
  async describe(sagaId: string): Promise<SagaView | undefined> {
    const row: SagaRow | undefined = await this.db('sagas')
      .where({ id: sagaId })
      .first();
    if (!row) return undefined;
    const steps: StepRow[] = await this.db('saga_steps')
      .where({ saga_id: sagaId })
      .orderBy('id');
    return {
      id: row.id,
      name: row.name,
      status: row.status,
      currentStep: row.current_step,
      failedStep: row.failed_step,
      error: row.error,
      input: JSON.parse(row.input),
      state: JSON.parse(row.state),
      createdAt: Number(row.created_at),
      updatedAt: Number(row.updated_at),
      steps: steps.map(step => ({
        step: step.step,
        phase: step.phase,
        status: step.status,
        attempt: step.attempt,
        error: step.error,
        startedAt: Number(step.started_at),
        finishedAt: step.finished_at === null ? null : Number(step.finished_at),
      })),
    };
  }

  // -- the run loop ----------------------------------------------------------

  private async run(sagaId: string): Promise<SagaRunResult> {
    let row = await this.load(sagaId);
    // Every span and outbox row of the saga continues the trace that started it.
    const parent = contextFromHeaders(JSON.parse(row.trace_context));
    return context.with(parent, async () => {
      for (;;) {
        if (FINAL_STATUSES.includes(row.status)) {
          return { sagaId, status: row.status, halted: false };
        }
        if (this.stopping) return { sagaId, status: row.status, halted: true };
        const saga = this.definitions.get(row.name);
        if (!saga) {
          throw new Error(
            `saga ${sagaId}: no definition named '${row.name}' is registered`,
          );
        }
        try {
          if (row.status === 'running') await this.advance(saga, row, parent);
          else await this.compensateNext(saga, row, parent);
        } catch (error) {
          if (error instanceof SagaConflictError) {
            this.logger.warn(
              { sagaId },
              'saga changed by another runner; this one stops',
            );
            const current = await this.load(sagaId);
            return { sagaId, status: current.status, halted: true };
          }
          throw error;
        }
        row = await this.load(sagaId);
      }
    });
  }

  /** One attempt of the next step's invoke (or completion when none is left). */
  private async advance(
    saga: AnySaga,
    row: SagaRow,
    parent: Context,
  ): Promise<void> {
    const index = row.current_step;
    const step = saga.steps[index];
    if (!step) {
      await this.transition(row, { status: 'completed' }, async ctx => {
        await this.emit(ctx, 'saga.completed', row.id, { sagaName: saga.name });
        await saga.onCompleted?.({
          ...ctx,
          sagaId: row.id,
          input: JSON.parse(row.input),
          state: JSON.parse(row.state),
        });
      });
      return;
    }
    const outcome = await this.attempt(
      saga,
      row,
      index,
      step,
      'invoke',
      parent,
    );
    if (outcome.kind === 'succeeded') {
      const state = {
        ...JSON.parse(row.state),
        ...((outcome.value ?? {}) as object),
      };
      await this.transition(
        row,
        { current_step: index + 1, state: JSON.stringify(state) },
        async ctx => {
          await this.finishAttempt(ctx, outcome.attemptId, 'succeeded', null);
          await this.emit(ctx, 'saga.step-completed', row.id, {
            sagaName: saga.name,
            step: step.name,
            phase: 'invoke',
            attempt: outcome.attempt,
          });
        },
      );
      return;
    }
    const message = errorText(outcome.error);
    const giveUp = !outcome.willRetry;
    const reason = `step '${step.name}' failed: ${message}`;
    await this.transition(
      row,
      giveUp
        ? {
            status: 'compensating',
            current_step: index - 1,
            failed_step: step.name,
            error: reason,
          }
        : {},
      async ctx => {
        await this.finishAttempt(ctx, outcome.attemptId, 'failed', message);
        await this.emit(ctx, 'saga.step-failed', row.id, {
          sagaName: saga.name,
          step: step.name,
          phase: 'invoke',
          attempt: outcome.attempt,
          error: message,
          timedOut: outcome.timedOut,
          willRetry: outcome.willRetry,
        });
        if (giveUp) {
          await this.emit(ctx, 'saga.compensating', row.id, {
            sagaName: saga.name,
            failedStep: step.name,
            error: reason,
          });
        }
      },
    );
    if (!giveUp) await this.backoff(step, outcome.failures);
  }

  /** One attempt of the next compensation (or the final status when none is left). */
  private async compensateNext(
    saga: AnySaga,
    row: SagaRow,
    parent: Context,
  ): Promise<void> {
    let index = row.current_step;
    while (index >= 0 && !saga.steps[index]?.compensate) index--;
    const failedStep = row.failed_step ?? '(unknown)';
    const step = index >= 0 ? saga.steps[index] : undefined;
    if (!step) {
      const error = row.error ?? '';
      await this.transition(
        row,
        { status: 'compensated', current_step: -1 },
        async ctx => {
          await this.emit(ctx, 'saga.compensated', row.id, {
            sagaName: saga.name,
            failedStep,
            error,
          });
          await saga.onCompensated?.({
            ...ctx,
            sagaId: row.id,
            input: JSON.parse(row.input),
            state: JSON.parse(row.state),
            failedStep,
            error,
          });
        },
      );
      return;
    }
    const outcome = await this.attempt(
      saga,
      row,
      index,
      step,
      'compensate',
      parent,
    );
    if (outcome.kind === 'succeeded') {
      await this.transition(row, { current_step: index - 1 }, async ctx => {
        await this.finishAttempt(ctx, outcome.attemptId, 'succeeded', null);
        await this.emit(ctx, 'saga.step-completed', row.id, {
          sagaName: saga.name,
          step: step.name,
          phase: 'compensate',
          attempt: outcome.attempt,
        });
      });
      return;
    }
    const message = errorText(outcome.error);
    const giveUp = !outcome.willRetry;
    const reason = `compensation of step '${step.name}' failed after ${
      outcome.failures
    } attempt(s): ${message} (compensating because ${
      row.error ?? 'a step failed'
    })`;
    await this.transition(
      row,
      giveUp ? { status: 'failed', error: reason } : {},
      async ctx => {
        await this.finishAttempt(ctx, outcome.attemptId, 'failed', message);
        await this.emit(ctx, 'saga.step-failed', row.id, {
          sagaName: saga.name,
          step: step.name,
          phase: 'compensate',
          attempt: outcome.attempt,
          error: message,
          timedOut: outcome.timedOut,
          willRetry: outcome.willRetry,
        });
        if (giveUp) {
          await this.emit(ctx, 'saga.failed', row.id, {
            sagaName: saga.name,
            failedStep: step.name,
            error: reason,
          });
          await saga.onFailed?.({
            ...ctx,
            sagaId: row.id,
            input: JSON.parse(row.input),
            state: JSON.parse(row.state),
            failedStep: step.name,
            error: reason,
          });
        }
      },
    );
    if (!giveUp) await this.backoff(step, outcome.failures);
  }

  /**
   * Records the attempt as started (committed), runs it under a span and the
   * step's timeout, and reports the outcome; the caller records it.
   */
  private async attempt(
    saga: AnySaga,
    row: SagaRow,
    index: number,
    step: AnyStep,
    phase: StepPhase,
    parent: Context,
  ): Promise<
    | { kind: 'succeeded'; attemptId: number; attempt: number; value: unknown }
    | {
        kind: 'failed';
        attemptId: number;
        attempt: number;
        error: unknown;
        timedOut: boolean;
        failures: number;
        willRetry: boolean;
      }
  > {
    const previous: Array<{ status: StepRow['status'] }> = await this.db(
      'saga_steps',
    )
      .where({ saga_id: row.id, step_index: index, phase })
      .select('status');
    const attempt = previous.length + 1;
    const earlierFailures = previous.filter(p => p.status === 'failed').length;
    const attemptId = await this.beginAttempt(row, index, step, phase, attempt);

    const fn = phase === 'invoke' ? step.invoke : step.compensate;
    if (!fn) throw new Error(`step '${step.name}' has no ${phase}`);
    const idempotencyKey =
      phase === 'invoke'
        ? `${row.id}:${step.name}`
        : `${row.id}:${step.name}:compensate`;
    const outcome = await withSpan(
      `saga ${saga.name} step ${step.name}`,
      {
        parent,
        attributes: {
          'saga.id': row.id,
          'saga.name': saga.name,
          'saga.step': step.name,
          'saga.phase': phase,
          'saga.attempt': attempt,
        },
      },
      async span => {
        const result = await this.withTimeout(step, phase, signal =>
          fn.call(step, {
            sagaId: row.id,
            sagaName: saga.name,
            input: JSON.parse(row.input),
            state: JSON.parse(row.state),
            idempotencyKey,
            attempt,
            signal,
          }),
        );
        if (!result.ok) {
          span.recordException(
            result.error instanceof Error
              ? result.error
              : new Error(String(result.error)),
          );
          span.setStatus({
            code: SpanStatusCode.ERROR,
            message: errorText(result.error),
          });
        }
        return result;
      },
    );
    if (outcome.ok) {
      return { kind: 'succeeded', attemptId, attempt, value: outcome.value };
    }
    const failures = earlierFailures + 1;
    return {
      kind: 'failed',
      attemptId,
      attempt,
      error: outcome.error,
      timedOut: outcome.timedOut,
      failures,
      willRetry:
        isRetryable(outcome.error) && failures < step.retry.maxAttempts,
    };
  }

  private async withTimeout(
    step: AnyStep,
    phase: StepPhase,
    fn: (signal: AbortSignal) => Promise<unknown>,
  ): Promise<Outcome> {
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const error = new StepTimeoutError(step.name, phase, step.timeoutMs);
        controller.abort(error);
        reject(error);
      }, step.timeoutMs);
    });
    try {
      // The race settles on expiry even when fn ignores its signal.
      const value = await Promise.race([fn(controller.signal), timeout]);
      return { ok: true, value };
    } catch (error) {
      return {
        ok: false,
        error,
        timedOut: error instanceof StepTimeoutError,
      };
    } finally {
      clearTimeout(timer);
    }
  }

  /** Marks attempts a crash left `started` as interrupted and records a new one. */
  private async beginAttempt(
    row: SagaRow,
    index: number,
    step: AnyStep,
    phase: StepPhase,
    attempt: number,
  ): Promise<number> {
    return this.transition(row, {}, async ({ trx }) => {
      const now = this.now();
      await trx('saga_steps')
        .where({ saga_id: row.id, status: 'started' })
        .update({
          status: 'interrupted',
          error: 'the runner stopped before the outcome was recorded',
          finished_at: now,
        });
      const [inserted] = await trx('saga_steps')
        .insert({
          saga_id: row.id,
          step_index: index,
          step: step.name,
          phase,
          status: 'started',
          attempt,
          error: null,
          started_at: now,
          finished_at: null,
        })
        .returning('id');
      const id =
        typeof inserted === 'object' && inserted !== null
          ? (inserted as { id: number }).id
          : inserted;
      return Number(id);
    });
  }

  private async finishAttempt(
    { trx }: UnitOfWorkContext,
    attemptId: number,
    status: 'succeeded' | 'failed',
    error: string | null,
  ): Promise<void> {
    await trx('saga_steps')
      .where({ id: attemptId })
      .update({ status, error, finished_at: this.now() });
  }

  /**
   * Applies `changes` to the saga row if nobody changed it since `row` was
   * read (else SagaConflictError), with `work` in the same transaction.
   * Updates `row` in place.
   */
  private async transition<T>(
    row: SagaRow,
    changes: Partial<
      Pick<
        SagaRow,
        'status' | 'state' | 'current_step' | 'failed_step' | 'error'
      >
    >,
    work: (ctx: UnitOfWorkContext) => Promise<T>,
  ): Promise<T> {
    const now = this.now();
    const result = await this.uow.run(async ctx => {
      const updated = await ctx
        .trx('sagas')
        .where({ id: row.id, version: row.version })
        .update({ ...changes, version: row.version + 1, updated_at: now });
      if (updated !== 1) throw new SagaConflictError(row.id);
      return work(ctx);
    });
    Object.assign(row, changes, { version: row.version + 1, updated_at: now });
    return result;
  }

  private emit(
    ctx: UnitOfWorkContext,
    type: string,
    sagaId: string,
    payload: Record<string, unknown>,
  ): Promise<void> {
    return ctx.emit({
      type,
      aggregateType: 'saga',
      aggregateId: sagaId,
      payload: { sagaId, ...payload },
    });
  }

  private async load(sagaId: string): Promise<SagaRow> {
    const row: SagaRow | undefined = await this.db('sagas')
      .where({ id: sagaId })
      .first();
    if (!row) throw new Error(`saga ${sagaId} does not exist`);
    return row;
  }

  /** Waits before the next attempt; stop() ends the wait at once. */
  private backoff(step: AnyStep, failures: number): Promise<void> {
    const ms = Math.min(
      step.retry.backoffMs * 2 ** (failures - 1),
      MAX_BACKOFF_MS,
    );
    if (ms <= 0 || this.stopping) return Promise.resolve();
    return new Promise(resolve => {
      const wake = () => {
        clearTimeout(timer);
        this.wakeups.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.wakeups.add(wake);
    });
  }
}
