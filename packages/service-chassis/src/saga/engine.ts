import { context, SpanStatusCode, type Context } from '@opentelemetry/api';
import type { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { UnitOfWork, UnitOfWorkContext } from '../outbox/types';
import { BulkheadFullError, CircuitOpenError } from '../resilience/policies';
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
import type { SagaMetrics, StepAttemptOutcome } from './metrics';
import { RetryBudget, type RetryBudgetOptions } from './retryBudget';

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
  owner: string | null;
  lease_expires_at: number | null;
}

interface StepRow {
  id: number;
  saga_id: string;
  step_index: number;
  step: string;
  phase: StepPhase;
  /** refused: the dependency's breaker or bulkhead refused it (not called). */
  status: 'started' | 'succeeded' | 'failed' | 'interrupted' | 'refused';
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
  /** The engine running it (SagaEngineOptions.ownerId), null when none does. */
  owner: string | null;
  /** Until when the owner's claim holds (epoch ms). */
  leaseExpiresAt: number | null;
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

/**
 * How a run ended: at a final status, or halted (stop(), another runner took
 * the saga over, or another runner holds it).
 */
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
  /**
   * This engine's name in `sagas.owner`, unique among the engines sharing
   * the database. Default: `<hostname>:<pid>:<random>`, new at each start,
   * so a restarted process waits for its predecessor's leases to expire.
   */
  ownerId?: string;
  /**
   * How long a claim on a saga holds unless renewed (default 30 s): the
   * engine renews its leases every third of it and at every transition. A
   * crashed engine's sagas are taken over this long after its last renewal.
   */
  leaseTtlMs?: number;
  /**
   * Bounds the engine's invoke retries relative to its first attempts
   * (default: RETRY_BUDGET_DEFAULTS); `false`: no budget (maxAttempts only).
   */
  retryBudget?: RetryBudgetOptions | false;
  /** Hooks for metrics (counters, durations); see SagaMetrics. */
  metrics?: SagaMetrics;
}

const MAX_ERROR_LENGTH = 2000;
const MAX_BACKOFF_MS = 60_000;
const ACTIVE_STATUSES: readonly SagaStatus[] = ['running', 'compensating'];
export const DEFAULT_LEASE_TTL_MS = 30_000;
export const DEFAULT_RECOVERY_INTERVAL_MS = 5_000;
const DEFAULT_UNAVAILABLE_WAIT_MS = 1_000;
/** Sagas claimed per recovery pass: a crashed replica's sagas are spread over passes (and replicas). */
const RECOVERY_BATCH = 100;
/** Ids per lease renewal statement (SQLite allows 999 variables by default). */
const RENEW_CHUNK = 500;

/** The error and its causes, outermost first (a step may wrap the policy's error). */
function* errorChain(error: unknown): Generator<unknown> {
  let current = error;
  for (let depth = 0; depth < 5 && current !== undefined; depth++) {
    yield current;
    current = current instanceof Error ? current.cause : undefined;
  }
}

/** The dependency's own breaker or bulkhead refused the call: it was not called. */
function isDependencyRefusal(error: unknown): boolean {
  for (const e of errorChain(error)) {
    if (e instanceof CircuitOpenError || e instanceof BulkheadFullError) {
      return true;
    }
  }
  return false;
}

/** When the refusing policy says it may let calls through again, if it does. */
function retryAfterMs(error: unknown): number | undefined {
  for (const e of errorChain(error)) {
    const value = (e as { retryAfterMs?: unknown } | null)?.retryAfterMs;
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) {
      return value;
    }
  }
  return undefined;
}

function checkPositive(name: string, value: number | undefined): void {
  if (value !== undefined && !(Number.isFinite(value) && value > 0)) {
    throw new Error(`${name} must be a positive number (got ${value})`);
  }
}

function errorText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.length > MAX_ERROR_LENGTH
    ? `${text.slice(0, MAX_ERROR_LENGTH)}...`
    : text;
}

type Outcome =
  | { ok: true; value: unknown }
  | { ok: false; error: unknown; timedOut: boolean };

type AttemptResult =
  | {
      kind: 'succeeded';
      attemptId: number;
      attempt: number;
      earlierFailures: number;
      value: unknown;
    }
  | {
      kind: 'failed';
      attemptId: number;
      attempt: number;
      earlierFailures: number;
      error: unknown;
      timedOut: boolean;
      /** Refused by the dependency's breaker or bulkhead (not called). */
      refused: boolean;
    };

type SagaChanges = Partial<
  Pick<SagaRow, 'status' | 'state' | 'current_step' | 'failed_step' | 'error'>
>;

/**
 * Runs orchestrated sagas: one step at a time, each attempt and outcome
 * committed (state, step log and lifecycle event through the unit of work,
 * hence the outbox) before anything else happens. A step that fails for good
 * starts compensation in reverse order, from the failed step itself when its
 * invoke was attempted: a call that failed or timed out may have acted (only
 * the answer was lost), so its compensation is due as soon as it was tried
 * (Temporal's "register the compensation before the call").
 *
 * Ownership: one engine runs a saga at a time. It claims the saga (sets
 * `owner` and `lease_expires_at`, bumps `version`) before running it, renews
 * the lease while it runs and releases it at stop(). `begin()` claims the new
 * saga for its own engine in the same transaction.
 *
 * Crash safety: every transition is in the database. `recoverSagas()` (at
 * start-up) and `startRecovery()` (periodically) claim and continue sagas
 * left `running` or `compensating` by an engine that is gone (no owner, or
 * its lease expired); an attempt that was started but whose outcome was not
 * recorded is marked `interrupted` and invoked again with the same
 * idempotency key. Each transition checks the version, so a runner whose
 * saga was claimed by another is refused at its next commit and stops.
 *
 * Retries: a failed invoke attempt is retried within the step's
 * maxAttempts, the saga's deadline and the engine's retry budget; an attempt
 * refused by the dependency's open breaker or full bulkhead is not a failure
 * but a reason to wait (see SagaStepDefinition.retry).
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
  /** This engine's name in `sagas.owner`. */
  readonly ownerId: string;
  private leaseTtlMs: number;
  private readonly budget: RetryBudget | undefined;
  private readonly metrics: SagaMetrics | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private renewing = false;
  private recovery: NodeJS.Timeout | undefined;
  private recoveryPass: Promise<unknown> | undefined;
  private reportedUnknown = false;

  constructor(options: SagaEngineOptions) {
    this.db = options.db;
    this.uow = options.uow;
    this.logger = options.logger;
    this.now = options.now ?? Date.now;
    checkPositive('leaseTtlMs', options.leaseTtlMs);
    this.leaseTtlMs = options.leaseTtlMs ?? DEFAULT_LEASE_TTL_MS;
    this.ownerId =
      options.ownerId ??
      `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.budget =
      options.retryBudget === false
        ? undefined
        : new RetryBudget(options.retryBudget, this.now);
    this.metrics = options.metrics;
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
    // Claimed at birth: no other engine's recovery may take it before this
    // engine's execute() (a stopping engine leaves it to the others).
    const claim = this.stopping
      ? { owner: null, lease_expires_at: null }
      : { owner: this.ownerId, lease_expires_at: now + this.leaseTtlMs };
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
      ...claim,
    });
    await this.emit(ctx, 'saga.started', id, {
      sagaName: saga.name,
      steps: saga.steps.map(step => step.name),
    });
    const committed = (
      ctx.trx as Partial<Pick<Knex.Transaction, 'executionPromise'>>
    ).executionPromise;
    const started = () => this.report(m => m.sagaStarted?.(saga.name));
    if (committed) committed.then(started, () => undefined);
    else started();
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
    return this.launch(sagaId, false);
  }

  private launch(sagaId: string, claimed: boolean): Promise<SagaRunResult> {
    const existing = this.runs.get(sagaId);
    if (existing) return existing;
    const run = this.run(sagaId, claimed).finally(() =>
      this.runs.delete(sagaId),
    );
    run.catch(error =>
      this.logger.error(
        { err: error, sagaId },
        'saga run stopped by an error; recovery will continue it',
      ),
    );
    this.runs.set(sagaId, run);
    this.startHeartbeat();
    return run;
  }

  /**
   * Claims and continues the sagas left `running` or `compensating` that no
   * live engine holds: never claimed, released by a stop, or whose owner's
   * lease expired (this engine's own included, e.g. begun but never
   * executed). Returns the ids it claimed once their runs have started;
   * `settled(id)` or `idle()` wait for them. `limit` caps the sagas claimed
   * by one call.
   */
  async recoverSagas(options: { limit?: number } = {}): Promise<string[]> {
    if (this.stopping) return [];
    const names = [...this.definitions.keys()];
    let query = this.claimable(this.db('sagas'), this.now(), false)
      .whereIn('name', names)
      .orderBy('created_at')
      .select('id', 'name');
    if (options.limit !== undefined) query = query.limit(options.limit);
    const rows: Array<{ id: string; name: string }> = await query;
    if (!this.reportedUnknown) {
      this.reportedUnknown = true;
      await this.reportUnknownSagas(names);
    }
    const resumed: string[] = [];
    for (const row of rows) {
      if (this.stopping) break;
      if (this.runs.has(row.id)) continue;
      // Another engine's recovery may have been faster: the claim decides.
      if (!(await this.claim(row.id, false))) continue;
      this.report(m => m.sagaRecovered?.(row.name));
      void this.launch(row.id, true);
      resumed.push(row.id);
    }
    if (resumed.length > 0) {
      this.logger.info({ sagas: resumed.length }, 'recovering sagas');
    }
    return resumed;
  }

  /**
   * Runs recoverSagas() every `intervalMs` (default 5 s) until stop(), so
   * the sagas of an engine that died are taken over by the others about
   * `leaseTtlMs` after its last renewal. `leaseTtlMs` replaces the engine's
   * (SagaEngineOptions.leaseTtlMs). The first pass runs after one interval:
   * call recoverSagas() first for one at once.
   */
  startRecovery(
    options: { intervalMs?: number; leaseTtlMs?: number } = {},
  ): void {
    checkPositive('intervalMs', options.intervalMs);
    checkPositive('leaseTtlMs', options.leaseTtlMs);
    if (this.stopping) throw new Error('the saga engine is stopped');
    if (this.recovery) throw new Error('saga recovery was already started');
    if (options.leaseTtlMs !== undefined) {
      this.leaseTtlMs = options.leaseTtlMs;
      if (this.heartbeat) {
        this.stopHeartbeat();
        this.startHeartbeat();
      }
    }
    const intervalMs = options.intervalMs ?? DEFAULT_RECOVERY_INTERVAL_MS;
    const pass = async () => {
      this.recoveryPass = this.recoverSagas({ limit: RECOVERY_BATCH }).catch(
        error =>
          this.logger.warn(
            { err: error },
            'saga recovery pass failed; the next one will try again',
          ),
      );
      await this.recoveryPass;
      this.recoveryPass = undefined;
      if (this.recovery && !this.stopping) schedule();
    };
    const schedule = () => {
      this.recovery = setTimeout(() => void pass(), intervalMs);
      this.recovery.unref();
    };
    schedule();
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
   * starts (waits between retries end at once), recovery stops, and the
   * leases are released. Sagas stay `running` or `compensating`, for another
   * engine's recovery at once (or this service's at its next start).
   */
  async stop(): Promise<void> {
    this.halt();
    await this.recoveryPass;
    await this.idle();
    this.stopHeartbeat();
    try {
      await this.db('sagas')
        .where({ owner: this.ownerId })
        .update({ owner: null, lease_expires_at: null });
    } catch (error) {
      this.logger.warn(
        { err: error },
        'could not release the saga leases; they expire on their own',
      );
    }
  }

  /**
   * For tests: stops this engine the way a crash would, at once. Its timers
   * stop (no heartbeat, no recovery) and its leases stay until they expire;
   * runs in flight go on only as far as the attempt they are in, whose
   * outcome is refused if another engine has claimed the saga meanwhile.
   */
  simulateCrash(): void {
    this.halt();
    this.stopHeartbeat();
  }

  private halt(): void {
    this.stopping = true;
    clearTimeout(this.recovery);
    this.recovery = undefined;
    for (const wake of [...this.wakeups]) wake();
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
      owner: row.owner,
      leaseExpiresAt:
        row.lease_expires_at === null ? null : Number(row.lease_expires_at),
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

  private async run(sagaId: string, claimed: boolean): Promise<SagaRunResult> {
    let row = await this.load(sagaId);
    if (!claimed && !FINAL_STATUSES.includes(row.status) && !this.stopping) {
      if (!(await this.claim(sagaId, true))) {
        const current = await this.load(sagaId);
        this.logger.debug(
          { sagaId, owner: current.owner },
          'saga is held by another engine; not run here',
        );
        return {
          sagaId,
          status: current.status,
          halted: !FINAL_STATUSES.includes(current.status),
        };
      }
      // The claim bumped the version.
      row = await this.load(sagaId);
    }
    // Every span and outbox row of the saga continues the trace that started it.
    const parent = contextFromHeaders(JSON.parse(row.trace_context));
    return context.with(parent, async () => {
      for (;;) {
        if (FINAL_STATUSES.includes(row.status)) {
          return { sagaId, status: row.status, halted: false };
        }
        if (this.stopping) {
          this.report(m => m.sagaHalted?.(row.name, 'stopped'));
          return { sagaId, status: row.status, halted: true };
        }
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
            this.report(m => m.sagaHalted?.(row.name, 'conflict'));
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
      this.finished(saga, row);
      return;
    }
    const deadline =
      saga.deadlineMs === undefined
        ? undefined
        : Number(row.created_at) + saga.deadlineMs;
    if (deadline !== undefined && this.now() >= deadline) {
      const attempted = await this.invokeAttempted(row.id, index);
      const reason = `the saga's deadline of ${
        saga.deadlineMs
      } ms passed before step '${step.name}' ${
        attempted ? 'could be retried' : 'started'
      }`;
      await this.transition(
        row,
        this.compensation(step, index, attempted, reason),
        ctx => this.emitCompensating(ctx, saga, row.id, step.name, reason),
      );
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
      if (outcome.earlierFailures === 0) this.budget?.recordAttempt();
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
    const stepFailed = (ctx: UnitOfWorkContext, willRetry: boolean) =>
      this.emit(ctx, 'saga.step-failed', row.id, {
        sagaName: saga.name,
        step: step.name,
        phase: 'invoke',
        attempt: outcome.attempt,
        error: message,
        timedOut: outcome.timedOut,
        willRetry,
      });

    // Refused without calling the dependency: not a failed attempt, wait for
    // the breaker to let calls through again, as long as the deadline allows.
    if (outcome.refused && deadline !== undefined) {
      const wait = this.unavailableWait(step, outcome.error);
      if (this.now() + wait < deadline) {
        await this.transition(row, {}, ctx =>
          this.finishAttempt(ctx, outcome.attemptId, 'refused', message),
        );
        await this.sleep(wait);
        return;
      }
      const reason = `step '${step.name}' failed: ${message} (the dependency stayed unavailable until the saga's deadline of ${saga.deadlineMs} ms)`;
      const attempted = await this.invokeAttempted(
        row.id,
        index,
        outcome.attemptId,
      );
      await this.transition(
        row,
        this.compensation(step, index, attempted, reason),
        async ctx => {
          await this.finishAttempt(ctx, outcome.attemptId, 'refused', message);
          await stepFailed(ctx, false);
          await this.emitCompensating(ctx, saga, row.id, step.name, reason);
        },
      );
      return;
    }

    if (outcome.earlierFailures === 0 && !outcome.refused) {
      this.budget?.recordAttempt();
    }
    const failures = outcome.earlierFailures + 1;
    const backoffMs = this.backoffMs(step, failures);
    let willRetry =
      isRetryable(outcome.error) && failures < step.retry.maxAttempts;
    let why = '';
    if (willRetry && deadline !== undefined) {
      const now = this.now();
      if (now + backoffMs >= deadline) {
        willRetry = false;
        why = ` (not retried: the saga's deadline of ${saga.deadlineMs} ms ${
          now >= deadline ? 'has passed' : 'would pass before the next attempt'
        })`;
      }
    }
    if (willRetry && this.budget && !this.budget.tryRetry()) {
      willRetry = false;
      why = ' (not retried: the retry budget is exhausted)';
      this.report(m => m.retryDenied?.(saga.name, step.name));
    }
    const reason = `step '${step.name}' failed: ${message}${why}`;
    // A refusal counted as a failure (no deadline) did not reach the
    // dependency; any other failed attempt may have acted.
    const attempted =
      !outcome.refused ||
      (await this.invokeAttempted(row.id, index, outcome.attemptId));
    await this.transition(
      row,
      willRetry ? {} : this.compensation(step, index, attempted, reason),
      async ctx => {
        await this.finishAttempt(ctx, outcome.attemptId, 'failed', message);
        await stepFailed(ctx, willRetry);
        if (!willRetry) {
          await this.emitCompensating(ctx, saga, row.id, step.name, reason);
        }
      },
    );
    if (willRetry) await this.sleep(backoffMs);
  }

  /**
   * The change that starts compensating after `step` failed for good: from
   * the step itself when an invoke attempt of it may have reached the
   * participant, else from the step before.
   */
  private compensation(
    step: AnyStep,
    index: number,
    attempted: boolean,
    reason: string,
  ): SagaChanges {
    return {
      status: 'compensating',
      current_step: attempted ? index : index - 1,
      failed_step: step.name,
      error: reason,
    };
  }

  private emitCompensating(
    ctx: UnitOfWorkContext,
    saga: AnySaga,
    sagaId: string,
    failedStep: string,
    error: string,
  ): Promise<void> {
    return this.emit(ctx, 'saga.compensating', sagaId, {
      sagaName: saga.name,
      failedStep,
      error,
    });
  }

  /** Whether an invoke attempt of the step (other than `except`) may have reached the participant. */
  private async invokeAttempted(
    sagaId: string,
    index: number,
    except?: number,
  ): Promise<boolean> {
    let query = this.db('saga_steps')
      .where({ saga_id: sagaId, step_index: index, phase: 'invoke' })
      .whereNot('status', 'refused');
    if (except !== undefined) query = query.whereNot('id', except);
    return (await query.first('id')) !== undefined;
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
      this.finished(saga, row);
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
    if (outcome.refused) {
      // A compensation must finish: an unavailable dependency is waited for
      // however long it takes (its breaker's trial calls are real attempts).
      await this.transition(row, {}, ctx =>
        this.finishAttempt(ctx, outcome.attemptId, 'refused', message),
      );
      await this.sleep(this.unavailableWait(step, outcome.error));
      return;
    }
    const failures = outcome.earlierFailures + 1;
    const willRetry =
      isRetryable(outcome.error) && failures < step.retry.maxAttempts;
    const giveUp = !willRetry;
    const reason = `compensation of step '${
      step.name
    }' failed after ${failures} attempt(s): ${message} (compensating because ${
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
          willRetry,
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
    if (giveUp) this.finished(saga, row);
    else await this.sleep(this.backoffMs(step, failures));
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
  ): Promise<AttemptResult> {
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
    const invokeIdempotencyKey = `${row.id}:${step.name}`;
    const idempotencyKey =
      phase === 'invoke'
        ? invokeIdempotencyKey
        : `${invokeIdempotencyKey}:compensate`;
    const startedAt = performance.now();
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
            invokeIdempotencyKey,
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
    const refused = !outcome.ok && isDependencyRefusal(outcome.error);
    const kind: StepAttemptOutcome = outcome.ok
      ? 'succeeded'
      : refused
      ? 'refused'
      : outcome.timedOut
      ? 'timed-out'
      : 'failed';
    const durationMs = performance.now() - startedAt;
    this.report(m =>
      m.stepAttempt?.(saga.name, step.name, phase, kind, durationMs),
    );
    if (outcome.ok) {
      return {
        kind: 'succeeded',
        attemptId,
        attempt,
        earlierFailures,
        value: outcome.value,
      };
    }
    return {
      kind: 'failed',
      attemptId,
      attempt,
      earlierFailures,
      error: outcome.error,
      timedOut: outcome.timedOut,
      refused,
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
    status: 'succeeded' | 'failed' | 'refused',
    error: string | null,
  ): Promise<void> {
    await trx('saga_steps')
      .where({ id: attemptId })
      .update({ status, error, finished_at: this.now() });
  }

  /**
   * Applies `changes` to the saga row if nobody changed it since `row` was
   * read (else SagaConflictError), with `work` in the same transaction.
   * Renews this engine's lease, or releases it at a final status. Updates
   * `row` in place.
   */
  private async transition<T>(
    row: SagaRow,
    changes: SagaChanges,
    work: (ctx: UnitOfWorkContext) => Promise<T>,
  ): Promise<T> {
    const now = this.now();
    const lease =
      changes.status !== undefined && FINAL_STATUSES.includes(changes.status)
        ? { owner: null, lease_expires_at: null }
        : { lease_expires_at: now + this.leaseTtlMs };
    const result = await this.uow.run(async ctx => {
      const updated = await ctx
        .trx('sagas')
        .where({ id: row.id, version: row.version })
        .update({
          ...changes,
          ...lease,
          version: row.version + 1,
          updated_at: now,
        });
      if (updated !== 1) throw new SagaConflictError(row.id);
      return work(ctx);
    });
    Object.assign(row, changes, lease, {
      version: row.version + 1,
      updated_at: now,
    });
    return result;
  }

  // -- ownership -------------------------------------------------------------

  /**
   * Sagas in `query` that this engine may claim at `now`: held by no live
   * engine, or (`own`: for execute(), e.g. after begin()) held by this one.
   * Recovery leaves this engine's live claims alone: a saga begun but not
   * yet executed would otherwise be claimed twice, and its run refused.
   */
  private claimable(
    query: Knex.QueryBuilder,
    now: number,
    own: boolean,
  ): Knex.QueryBuilder {
    return query.whereIn('status', ACTIVE_STATUSES).where(q => {
      q.whereNull('owner').orWhere('lease_expires_at', '<', now);
      if (own) q.orWhere('owner', this.ownerId);
    });
  }

  /**
   * Takes the saga for this engine if no live engine holds it. Bumping the
   * version fences the previous owner: its next transition is refused.
   */
  private async claim(sagaId: string, own: boolean): Promise<boolean> {
    const now = this.now();
    const updated = await this.claimable(
      this.db('sagas').where({ id: sagaId }),
      now,
      own,
    ).update({
      owner: this.ownerId,
      lease_expires_at: now + this.leaseTtlMs,
      version: this.db.raw('version + 1'),
    });
    return updated === 1;
  }

  /** Renews the leases of the sagas this engine runs, every third of the TTL. */
  private startHeartbeat(): void {
    if (this.heartbeat || this.stopping) return;
    this.heartbeat = setInterval(
      () => void this.renewLeases(),
      Math.max(1, Math.floor(this.leaseTtlMs / 3)),
    );
    this.heartbeat.unref();
  }

  private stopHeartbeat(): void {
    clearInterval(this.heartbeat);
    this.heartbeat = undefined;
  }

  private async renewLeases(): Promise<void> {
    const ids = [...this.runs.keys()];
    if (ids.length === 0 || this.renewing) return;
    this.renewing = true;
    try {
      const until = this.now() + this.leaseTtlMs;
      let renewed = 0;
      for (let i = 0; i < ids.length; i += RENEW_CHUNK) {
        renewed += await this.db('sagas')
          .whereIn('id', ids.slice(i, i + RENEW_CHUNK))
          .where({ owner: this.ownerId })
          .whereIn('status', ACTIVE_STATUSES)
          .update({ lease_expires_at: until });
      }
      if (renewed < ids.length) {
        // Finished meanwhile, or taken over: those runs stop at their next
        // transition (version check).
        this.logger.debug(
          { running: ids.length, renewed },
          'some saga leases were not renewed',
        );
      }
    } catch (error) {
      this.logger.warn(
        { err: error },
        'could not renew the saga leases; retrying at the next heartbeat',
      );
    } finally {
      this.renewing = false;
    }
  }

  /** Logs, once, the unfinished sagas no registered definition can run. */
  private async reportUnknownSagas(names: string[]): Promise<void> {
    const rows: Array<{ id: string; name: string }> = await this.db('sagas')
      .whereIn('status', ACTIVE_STATUSES)
      .whereNotIn('name', names)
      .select('id', 'name');
    for (const row of rows) {
      this.logger.error(
        { sagaId: row.id, sagaName: row.name },
        'cannot recover saga: no definition with this name is registered',
      );
    }
  }

  // -- helpers ---------------------------------------------------------------

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

  /** Calls a metrics hook; a broken hook must not break the saga. */
  private report(call: (metrics: SagaMetrics) => void): void {
    if (!this.metrics) return;
    try {
      call(this.metrics);
    } catch (error) {
      this.logger.warn({ err: error }, 'a saga metrics hook threw; ignored');
    }
  }

  /** After the transition to a final status committed. */
  private finished(saga: AnySaga, row: SagaRow): void {
    const status = row.status as 'completed' | 'compensated' | 'failed';
    const durationMs = this.now() - Number(row.created_at);
    this.report(m => m.sagaFinished?.(saga.name, status, durationMs));
  }

  private backoffMs(step: AnyStep, failures: number): number {
    return Math.min(step.retry.backoffMs * 2 ** (failures - 1), MAX_BACKOFF_MS);
  }

  /**
   * How long to wait after a refusal: what the policy says, else the step's
   * setting, jittered so the sagas waiting on one breaker do not all try at
   * the same moment.
   */
  private unavailableWait(step: AnyStep, error: unknown): number {
    const hint = retryAfterMs(error);
    if (hint !== undefined) return Math.round(hint * (1 + Math.random() * 0.1));
    const base =
      step.retry.waitWhileUnavailableMs ?? DEFAULT_UNAVAILABLE_WAIT_MS;
    return Math.round(base * (0.8 + Math.random() * 0.4));
  }

  /** Waits before the next attempt; stop() ends the wait at once. */
  private sleep(ms: number): Promise<void> {
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
