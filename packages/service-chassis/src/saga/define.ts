import type { UnitOfWorkContext } from '../outbox/types';

/** Where a saga instance stands; `completed`, `compensated` and `failed` are final. */
export type SagaStatus =
  | 'running'
  | 'compensating'
  | 'completed'
  | 'compensated'
  | 'failed';

export const FINAL_STATUSES: readonly SagaStatus[] = [
  'completed',
  'compensated',
  'failed',
];

export type StepPhase = 'invoke' | 'compensate';

/** What a step's invoke or compensate gets. */
export interface StepContext<Input, State> {
  sagaId: string;
  sagaName: string;
  input: Input;
  /** The state after every completed step (each invoke's result merged in). */
  state: State;
  /**
   * `<sagaId>:<step>` for invoke, `<sagaId>:<step>:compensate` for compensate:
   * the same on every attempt and after a restart. Send it to the participant
   * (Idempotency-Key) so a repeated call has no second effect.
   */
  idempotencyKey: string;
  /**
   * `<sagaId>:<step>`, the invoke's key, in both phases. A compensation runs
   * for a step whose invoke failed or timed out too (the participant may have
   * acted, only the answer was lost), so `state` may lack what the invoke
   * would have returned: the compensation finds the invoke's effect by this
   * key, and undoing an effect that never happened must be a no-op.
   */
  invokeIdempotencyKey: string;
  /** 1 on the first attempt; attempts interrupted by a crash count too. */
  attempt: number;
  /** Aborted when the step's timeoutMs is over: pass it to fetch and friends. */
  signal: AbortSignal;
}

export interface SagaStepDefinition<Input, State> {
  name: string;
  /**
   * Does the step's work; the returned object is merged into the saga state
   * and committed before the next step starts. Must be idempotent: after a
   * crash it may run again for the same idempotency key.
   */
  invoke(ctx: StepContext<Input, State>): Promise<Partial<State> | void>;
  /**
   * Undoes the invoke (idempotent too). Due as soon as an invoke attempt was
   * made, whether it succeeded, failed or timed out: see
   * StepContext.invokeIdempotencyKey. Steps without it are skipped.
   */
  compensate?(ctx: StepContext<Input, State>): Promise<void>;
  /** Per attempt: on expiry the signal aborts and the attempt counts as failed. */
  timeoutMs: number;
  /**
   * maxAttempts counts failed attempts (invoke and compensate alike); the wait
   * before attempt n+1 is backoffMs * 2^(n-1). An error with
   * `retryable: false` (e.g. HttpError for a 4xx) is not retried. Invoke
   * retries also need the engine's retry budget and must start before the
   * saga's deadline.
   *
   * An attempt refused by the dependency's own circuit breaker or bulkhead
   * (CircuitOpenError, BulkheadFullError) did not call it: in a saga with a
   * deadline it is not a failed attempt. The engine waits
   * `waitWhileUnavailableMs` (default 1000, jittered; or the error's
   * `retryAfterMs`) and tries again, until the deadline (invoke) or without
   * limit (compensate). Without a deadline such a refusal of an invoke counts
   * as a failed attempt.
   */
  retry: {
    maxAttempts: number;
    backoffMs: number;
    waitWhileUnavailableMs?: number;
  };
}

/** What the outcome hooks get: the saga's final transaction, to write domain state and events. */
export interface SagaOutcomeContext<Input, State> extends UnitOfWorkContext {
  sagaId: string;
  input: Input;
  state: State;
}

export interface SagaFailureContext<Input, State>
  extends SagaOutcomeContext<Input, State> {
  /** The step whose invoke failed (compensated) or whose compensation failed (failed). */
  failedStep: string;
  error: string;
}

export interface SagaDefinition<Input, State> {
  /** Stored with every instance: recovery finds the definition by it. */
  name: string;
  steps: SagaStepDefinition<Input, State>[];
  /** The state before the first step. Input and state must be JSON-serialisable. */
  initialState(input: Input): State;
  /**
   * How long the saga may take, from its creation: once it has passed, no
   * invoke attempt starts (not even a retry) and the saga compensates.
   * Compensations are not bound by it: they run to the end. It also bounds
   * how long a step waits for a dependency whose breaker is open.
   */
  deadlineMs?: number;
  /** Runs in the transaction that marks the saga completed. */
  onCompleted?(ctx: SagaOutcomeContext<Input, State>): Promise<void>;
  /** Runs in the transaction that marks the saga compensated. */
  onCompensated?(ctx: SagaFailureContext<Input, State>): Promise<void>;
  /** Runs in the transaction that marks the saga failed (a compensation kept failing). */
  onFailed?(ctx: SagaFailureContext<Input, State>): Promise<void>;
}

/** Declares a saga; checks the definition once, at start-up. */
export function defineSaga<Input, State>(
  definition: SagaDefinition<Input, State>,
): SagaDefinition<Input, State> {
  const problems: string[] = [];
  if (!definition.name.trim()) problems.push('name is empty');
  if (definition.steps.length === 0) problems.push('it has no steps');
  if (
    definition.deadlineMs !== undefined &&
    !(Number.isFinite(definition.deadlineMs) && definition.deadlineMs > 0)
  ) {
    problems.push('deadlineMs must be a positive number');
  }
  const seen = new Set<string>();
  for (const step of definition.steps) {
    const where = `step '${step.name}'`;
    if (!step.name.trim()) problems.push('a step has an empty name');
    if (seen.has(step.name)) problems.push(`${where} is declared twice`);
    seen.add(step.name);
    if (!Number.isFinite(step.timeoutMs) || step.timeoutMs <= 0) {
      problems.push(`${where}: timeoutMs must be a positive number`);
    }
    if (
      !Number.isInteger(step.retry.maxAttempts) ||
      step.retry.maxAttempts < 1
    ) {
      problems.push(`${where}: retry.maxAttempts must be an integer >= 1`);
    }
    if (!Number.isFinite(step.retry.backoffMs) || step.retry.backoffMs < 0) {
      problems.push(`${where}: retry.backoffMs must be >= 0`);
    }
    const wait = step.retry.waitWhileUnavailableMs;
    if (wait !== undefined && !(Number.isFinite(wait) && wait >= 0)) {
      problems.push(`${where}: retry.waitWhileUnavailableMs must be >= 0`);
    }
  }
  if (problems.length > 0) {
    throw new Error(
      `Saga '${definition.name}' is invalid: ${problems.join('; ')}`,
    );
  }
  return Object.freeze({
    ...definition,
    steps: Object.freeze([...definition.steps]) as SagaStepDefinition<
      Input,
      State
    >[],
  });
}

/** Thrown into a step's signal (and recorded) when its timeoutMs is over. */
export class StepTimeoutError extends Error {
  constructor(
    readonly step: string,
    readonly phase: StepPhase,
    readonly timeoutMs: number,
  ) {
    super(`step '${step}' (${phase}) timed out after ${timeoutMs} ms`);
    this.name = 'StepTimeoutError';
  }
}

/** False only for errors that say so (`retryable: false`), e.g. an HTTP 4xx. */
export function isRetryable(error: unknown): boolean {
  return !(
    typeof error === 'object' &&
    error !== null &&
    'retryable' in error &&
    (error as { retryable: unknown }).retryable === false
  );
}
