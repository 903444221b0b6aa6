import type { SagaStatus, StepPhase } from './define';

/**
 * How one attempt of a step ended. `refused`: the dependency's circuit
 * breaker or bulkhead refused the call (the dependency was not called).
 */
export type StepAttemptOutcome =
  | 'succeeded'
  | 'failed'
  | 'timed-out'
  | 'refused';

/**
 * Why a run stopped before its saga reached a final status: the engine
 * stopped, or another runner changed the saga (it took the saga over).
 */
export type SagaHaltReason = 'stopped' | 'conflict';

/**
 * Hooks the engine calls as sagas progress, e.g. to feed Prometheus
 * counters and histograms. Every hook is optional; they are called after the
 * fact (a step's outcome is committed first) and must return quickly: an
 * exception they throw is logged and ignored.
 */
export interface SagaMetrics {
  /** A saga instance was created (once its transaction committed). */
  sagaStarted?(sagaName: string): void;
  /** A saga reached a final status; durationMs counts from its creation. */
  sagaFinished?(
    sagaName: string,
    status: Extract<SagaStatus, 'completed' | 'compensated' | 'failed'>,
    durationMs: number,
  ): void;
  /** One attempt of a step's invoke or compensate ended. */
  stepAttempt?(
    sagaName: string,
    step: string,
    phase: StepPhase,
    outcome: StepAttemptOutcome,
    durationMs: number,
  ): void;
  /** A failed invoke attempt was not retried because the retry budget was spent. */
  retryDenied?(sagaName: string, step: string): void;
  /** This engine claimed, for recovery, a saga it was not running. */
  sagaRecovered?(sagaName: string): void;
  /** A run stopped before a final status (see SagaHaltReason). */
  sagaHalted?(sagaName: string, reason: SagaHaltReason): void;
}
