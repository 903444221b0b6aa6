/**
 * The policy every outbound dependency call goes through: timeout, retry
 * (idempotent calls only), circuit breaker and bulkhead. Implemented in
 * ./policies.ts with cockatiel; `passthroughPolicy` is for unit tests that
 * test something else.
 */
export type BreakerState = 'closed' | 'open' | 'half-open' | 'isolated';

export interface DependencyPolicy {
  /** The dependency's name, e.g. 'broker' or 'payment-http'. */
  readonly name: string;
  /**
   * Runs `fn` under the policy. `fn` gets an AbortSignal that fires on timeout.
   * Only `idempotent: true` calls are retried.
   */
  execute<T>(
    fn: (signal: AbortSignal) => Promise<T>,
    options?: { idempotent?: boolean },
  ): Promise<T>;
  /** The circuit breaker's state, for /health/ready and metrics. */
  breakerState(): BreakerState;
}

export function passthroughPolicy(name: string): DependencyPolicy {
  return {
    name,
    execute: fn => fn(new AbortController().signal),
    breakerState: () => 'closed',
  };
}
