/**
 * Resilience policies for every outbound dependency call (HTTP services,
 * broker, ...): call budget + bulkhead + retry (idempotent calls only) +
 * circuit breaker + per-attempt timeout.
 *
 * Why cockatiel: one small, dependency-free, TypeScript-native library that
 * has all four policies and composes them with `wrap()`, passing one
 * AbortSignal down the chain (so a timeout really cancels the fetch or the
 * query). The alternatives cover only part of it (opossum: breaker and
 * timeout, no retry or bulkhead, event-emitter API; p-retry/p-limit: one
 * concern each, no shared cancellation) or are not maintained for Node 22.
 *
 * The order of the pipeline, outermost first:
 *
 *   budget timeout → bulkhead → [retry →] circuit breaker → attempt timeout → fn
 *
 * - the budget bounds the whole call, queueing and retries included, by the
 *   tier's latency objective;
 * - the bulkhead limits concurrent calls to the dependency (a retrying call
 *   keeps its slot, so retries never multiply the load beyond the limit);
 * - retry is used only for `idempotent: true` calls and never retries a
 *   refusal of the breaker or of the bulkhead;
 * - every attempt is one breaker sample, a timed-out attempt included.
 */
import { context, ROOT_CONTEXT } from '@opentelemetry/api';
import {
  bulkhead as cockatielBulkhead,
  circuitBreaker,
  CircuitState,
  ConsecutiveBreaker,
  ExponentialBackoff,
  fullJitterGenerator,
  handleWhen,
  retry,
  TaskCancelledError,
  timeout,
  TimeoutStrategy,
  wrap,
  type IPolicy,
} from 'cockatiel';
import type { Tier } from '../config';
import type { BulkheadSample, Metrics } from '../ops/metrics';
import type { BreakerState, DependencyPolicy } from './types';

/** Everything a policy is configured with. */
export interface PolicySettings {
  /** Whole call, bulkhead queueing, attempts and backoff included. */
  budgetMs: number;
  /** One attempt. */
  timeoutMs: number;
  /** Retries after the first attempt (idempotent calls only). */
  retries: number;
  /** Exponential backoff with full jitter: attempt n waits in [0, min(max, initial·2^n)). */
  backoffInitialMs: number;
  backoffMaxMs: number;
  /** Consecutive failed attempts that open the breaker. */
  breakerThreshold: number;
  /** How long the breaker stays open before it lets one trial call through. */
  halfOpenAfterMs: number;
  /** Bulkhead: calls running at once. */
  maxConcurrent: number;
  /** Bulkhead: calls waiting for a slot; more are refused at once. */
  maxQueue: number;
}

/**
 * Defaults per tier, derived from the tier table:
 *
 * | tier        | availability | p99     |
 * |-------------|--------------|---------|
 * | critical    | 99.99 %      | 100 ms  |
 * | important   | 99.9 %       | 500 ms  |
 * | standard    | 99.5 %       | 1 s     |
 * | best-effort | 99 %         | 5 s     |
 *
 * - budget = the tier's p99 objective: a dependency call may not by itself
 *   blow the latency objective of the request that makes it.
 * - attempt timeout: (retries + 1) attempts plus the longest backoffs fit in
 *   the budget, i.e. (retries+1)·timeout + Σ max backoff ≤ budget (checked
 *   by the tests). Critical gets one retry only: at 100 ms there is no room
 *   for more.
 * - breaker: the tighter the availability objective, the sooner a failing
 *   dependency is cut off (5 consecutive failures for critical/important,
 *   10 for standard/best-effort) and the sooner it is tried again (5 s to
 *   30 s half-open delay), because every second of a broken dependency
 *   spends a bigger share of a small error budget.
 * - bulkhead (Little's law: concurrency = rate × time): with a short timeout
 *   a slot frees quickly, so critical calls get many slots (64) and a short
 *   queue (16: waiting spends the latency budget); best-effort calls are
 *   slow and may wait, so few slots (8) and a long queue (64).
 */
export const TIER_POLICY_DEFAULTS: Readonly<
  Record<Tier, Readonly<PolicySettings>>
> = {
  critical: {
    budgetMs: 100,
    timeoutMs: 45,
    retries: 1,
    backoffInitialMs: 5,
    backoffMaxMs: 10,
    breakerThreshold: 5,
    halfOpenAfterMs: 5_000,
    maxConcurrent: 64,
    maxQueue: 16,
  },
  important: {
    budgetMs: 500,
    timeoutMs: 140,
    retries: 2,
    backoffInitialMs: 20,
    backoffMaxMs: 50,
    breakerThreshold: 5,
    halfOpenAfterMs: 10_000,
    maxConcurrent: 32,
    maxQueue: 32,
  },
  standard: {
    budgetMs: 1_000,
    timeoutMs: 280,
    retries: 2,
    backoffInitialMs: 50,
    backoffMaxMs: 100,
    breakerThreshold: 10,
    halfOpenAfterMs: 20_000,
    maxConcurrent: 16,
    maxQueue: 32,
  },
  'best-effort': {
    budgetMs: 5_000,
    timeoutMs: 1_450,
    retries: 2,
    backoffInitialMs: 200,
    backoffMaxMs: 500,
    breakerThreshold: 10,
    halfOpenAfterMs: 30_000,
    maxConcurrent: 8,
    maxQueue: 64,
  },
};

/**
 * Environment overrides, per dependency: `POLICY_<DEPENDENCY>_<SUFFIX>`,
 * where <DEPENDENCY> is the dependency name upper-cased with every other
 * character than A-Z and 0-9 replaced by `_` ('payment-http' →
 * `POLICY_PAYMENT_HTTP_TIMEOUT_MS`). Values are whole numbers.
 */
export const POLICY_ENV_SUFFIXES: Readonly<
  Record<keyof PolicySettings, string>
> = {
  budgetMs: 'BUDGET_MS',
  timeoutMs: 'TIMEOUT_MS',
  retries: 'RETRIES',
  backoffInitialMs: 'BACKOFF_INITIAL_MS',
  backoffMaxMs: 'BACKOFF_MAX_MS',
  breakerThreshold: 'BREAKER_THRESHOLD',
  halfOpenAfterMs: 'HALF_OPEN_AFTER_MS',
  maxConcurrent: 'MAX_CONCURRENT',
  maxQueue: 'MAX_QUEUE',
};

/** Settings that may be 0 (the others must be at least 1). */
const ZERO_ALLOWED: ReadonlySet<keyof PolicySettings> = new Set([
  'retries',
  'maxQueue',
  'backoffInitialMs',
  'backoffMaxMs',
]);

const DEPENDENCY_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** `POLICY_<DEPENDENCY>_<SUFFIX>` for one setting of one dependency. */
export function policyEnvName(
  dependency: string,
  setting: keyof PolicySettings,
): string {
  const key = dependency.toUpperCase().replace(/[^A-Z0-9]/g, '_');
  return `POLICY_${key}_${POLICY_ENV_SUFFIXES[setting]}`;
}

/** A bad policy setting; each problem names the environment variable that sets it. */
export class PolicyConfigError extends Error {
  constructor(readonly dependency: string, readonly problems: string[]) {
    super(
      `Invalid resilience policy for '${dependency}':\n  - ${problems.join(
        '\n  - ',
      )}`,
    );
    this.name = 'PolicyConfigError';
  }
}

/**
 * The settings of one dependency: tier defaults, then `overrides` from the
 * code, then the environment. Throws PolicyConfigError naming every bad
 * variable.
 */
export function resolvePolicySettings(
  dependency: string,
  tier: Tier,
  overrides: Partial<PolicySettings> = {},
  env: NodeJS.ProcessEnv = process.env,
): PolicySettings {
  if (!DEPENDENCY_NAME.test(dependency)) {
    throw new PolicyConfigError(dependency, [
      `the dependency name must match ${DEPENDENCY_NAME.source}`,
    ]);
  }
  const defaults = TIER_POLICY_DEFAULTS[tier];
  if (!defaults) {
    throw new PolicyConfigError(dependency, [`unknown tier '${String(tier)}'`]);
  }
  const settings: PolicySettings = { ...defaults, ...definedOnly(overrides) };
  const problems: string[] = [];
  for (const key of Object.keys(
    POLICY_ENV_SUFFIXES,
  ) as (keyof PolicySettings)[]) {
    const name = policyEnvName(dependency, key);
    const raw = env[name];
    if (raw !== undefined && raw.trim() !== '') {
      const value = Number(raw.trim());
      if (!isValid(key, value)) {
        problems.push(
          `${name}: must be a whole number ${
            ZERO_ALLOWED.has(key) ? '>= 0' : '>= 1'
          } (got '${raw}')`,
        );
        continue;
      }
      settings[key] = value;
    } else if (!isValid(key, settings[key])) {
      problems.push(
        `${name}: must be a whole number ${
          ZERO_ALLOWED.has(key) ? '>= 0' : '>= 1'
        } (got ${settings[key]} from the code)`,
      );
    }
  }
  if (problems.length === 0) {
    if (settings.timeoutMs > settings.budgetMs) {
      problems.push(
        `${policyEnvName(dependency, 'timeoutMs')}: the attempt timeout (${
          settings.timeoutMs
        } ms) exceeds the call budget ${policyEnvName(
          dependency,
          'budgetMs',
        )} (${settings.budgetMs} ms)`,
      );
    }
    if (settings.backoffMaxMs < settings.backoffInitialMs) {
      problems.push(
        `${policyEnvName(dependency, 'backoffMaxMs')}: ${
          settings.backoffMaxMs
        } ms is below ${policyEnvName(dependency, 'backoffInitialMs')} (${
          settings.backoffInitialMs
        } ms)`,
      );
    }
  }
  if (problems.length > 0) throw new PolicyConfigError(dependency, problems);
  return settings;
}

function isValid(key: keyof PolicySettings, value: number): boolean {
  return (
    Number.isSafeInteger(value) && value >= (ZERO_ALLOWED.has(key) ? 0 : 1)
  );
}

function definedOnly(values: Partial<PolicySettings>): Partial<PolicySettings> {
  return Object.fromEntries(
    Object.entries(values).filter(([, v]) => v !== undefined),
  ) as Partial<PolicySettings>;
}

/** The longest total backoff of a call that uses every retry. */
export function worstCaseBackoffMs(settings: PolicySettings): number {
  let total = 0;
  for (let attempt = 0; attempt < settings.retries; attempt++) {
    total += Math.min(
      settings.backoffMaxMs,
      settings.backoffInitialMs * 2 ** attempt,
    );
  }
  return total;
}

/** Why a dependency call did not get an answer from the dependency. */
export class DependencyUnavailableError extends Error {
  constructor(
    readonly dependency: string,
    readonly reason: 'timeout' | 'circuit-open' | 'bulkhead-full',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${dependency}: ${message}`, options);
    this.name = 'DependencyUnavailableError';
  }
}

/** The attempt timeout or the call budget ran out (the AbortSignal was fired). */
export class DependencyTimeoutError extends DependencyUnavailableError {
  constructor(
    dependency: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(dependency, 'timeout', message, options);
    this.name = 'DependencyTimeoutError';
  }
}

/** The circuit breaker is open (or half-open with its trial call in flight): refused without calling. */
export class CircuitOpenError extends DependencyUnavailableError {
  constructor(dependency: string, options?: { cause?: unknown }) {
    super(
      dependency,
      'circuit-open',
      'circuit breaker is open, call refused',
      options,
    );
    this.name = 'CircuitOpenError';
  }
}

/** Every bulkhead slot and queue place is taken: refused without calling. */
export class BulkheadFullError extends DependencyUnavailableError {
  constructor(
    dependency: string,
    settings: Pick<PolicySettings, 'maxConcurrent' | 'maxQueue'>,
    options?: { cause?: unknown },
  ) {
    super(
      dependency,
      'bulkhead-full',
      `bulkhead full (${settings.maxConcurrent} running, ${settings.maxQueue} queued), call refused`,
      options,
    );
    this.name = 'BulkheadFullError';
  }
}

/** The subset of a pino / Fastify logger the policies use. */
export interface PolicyLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface CreatePolicyOptions {
  tier: Tier;
  logger: PolicyLogger;
  /** Breaker transitions and bulkhead rejections are recorded here. */
  metrics?: Metrics;
  /** Code-level overrides of the tier defaults (the environment still wins). */
  settings?: Partial<PolicySettings>;
  /** Default: process.env. */
  env?: NodeJS.ProcessEnv;
  /**
   * Whether an error thrown by `fn` is the dependency's fault: only those
   * are retried and count towards opening the breaker (e.g. return false
   * for an HTTP 4xx). Default: every error.
   */
  isDependencyFailure?: (error: unknown) => boolean;
}

/** A DependencyPolicy with what operations need to see. */
export interface ResilientPolicy extends DependencyPolicy {
  readonly settings: Readonly<PolicySettings>;
  /** Bulkhead occupancy, for the saturation gauges. */
  bulkhead(): { executing: number; queued: number };
}

// cockatiel 3.2.1's isTaskCancelledError() tests the bulkhead marker (a bug):
// these guards test each error's own marker property.
const hasMarker = (error: unknown, marker: string): boolean =>
  error instanceof Error && marker in error;
const isBrokenCircuitError = (error: unknown) =>
  hasMarker(error, 'isBrokenCircuitError');
const isBulkheadRejectedError = (error: unknown) =>
  hasMarker(error, 'isBulkheadRejectedError');
const isTaskCancelledError = (error: unknown): error is TaskCancelledError =>
  hasMarker(error, 'isTaskCancelledError');

const STATE_NAMES: Record<CircuitState, BreakerState> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Isolated]: 'isolated',
};

/** Builds the policy of one dependency (see the top of this file for the pipeline). */
export function createPolicy(
  name: string,
  options: CreatePolicyOptions,
): ResilientPolicy {
  const settings = Object.freeze(
    resolvePolicySettings(name, options.tier, options.settings, options.env),
  );
  const { logger, metrics } = options;
  const isDependencyFailure = options.isDependencyFailure ?? (() => true);

  // An error counts (breaker) and is retried when the dependency caused it:
  // a timed-out attempt does, a refusal by our own breaker/bulkhead does not.
  const failure = handleWhen(
    error =>
      !(error instanceof CallAbandonedError) &&
      !isBrokenCircuitError(error) &&
      !isBulkheadRejectedError(error) &&
      (isTaskCancelledError(error) || isDependencyFailure(error)),
  );
  // abortOnReturn: false: the signal fires on timeout only, not after every
  // successful call too (aborting costs a DOMException with a stack: half of
  // the policy's per-call cost, for nothing once fn has returned).
  const timeoutOptions = {
    strategy: TimeoutStrategy.Aggressive,
    abortOnReturn: false,
  };
  const budget = timeout(settings.budgetMs, timeoutOptions);
  const bulkhead = cockatielBulkhead(settings.maxConcurrent, settings.maxQueue);
  const retryPolicy = retry(failure, {
    maxAttempts: settings.retries,
    backoff: new ExponentialBackoff({
      generator: fullJitterGenerator,
      initialDelay: settings.backoffInitialMs,
      maxDelay: settings.backoffMaxMs,
    }),
  });
  const breaker = circuitBreaker(failure, {
    halfOpenAfter: settings.halfOpenAfterMs,
    breaker: new ConsecutiveBreaker(settings.breakerThreshold),
  });
  const attemptTimeout = timeout(settings.timeoutMs, timeoutOptions);

  const oneShot: IPolicy = wrap(budget, bulkhead, breaker, attemptTimeout);
  const retried: IPolicy = wrap(
    budget,
    bulkhead,
    retryPolicy,
    breaker,
    attemptTimeout,
  );

  metrics?.setBreakerState(name, 'closed');
  // The transition happens inside whichever call tripped it, but it belongs
  // to no request: log it outside that call's trace.
  breaker.onStateChange(state =>
    context.with(ROOT_CONTEXT, () => onBreakerState(state)),
  );
  function onBreakerState(state: CircuitState): void {
    const stateName = STATE_NAMES[state];
    metrics?.recordBreakerState(name, stateName);
    const last = breaker.lastFailure;
    const lastFailure =
      last && 'error' in last ? last.error.message : undefined;
    if (stateName === 'open' || stateName === 'isolated') {
      logger.warn(
        {
          dependency: name,
          state: stateName,
          lastFailure,
          halfOpenAfterMs: settings.halfOpenAfterMs,
        },
        `circuit breaker for '${name}' opened: calls are refused`,
      );
    } else {
      logger.info(
        { dependency: name, state: stateName },
        `circuit breaker for '${name}' is ${stateName}`,
      );
    }
  }
  bulkhead.onReject(() =>
    metrics?.bulkheadRejections.inc({ dependency: name }),
  );

  const translate = (error: unknown): unknown => {
    if (isBrokenCircuitError(error))
      return new CircuitOpenError(name, { cause: error });
    if (isBulkheadRejectedError(error)) {
      return new BulkheadFullError(name, settings, { cause: error });
    }
    if (isTaskCancelledError(error)) {
      return new DependencyTimeoutError(name, error.message, { cause: error });
    }
    return error;
  };

  return {
    name,
    settings,
    async execute<T>(
      fn: (signal: AbortSignal) => Promise<T>,
      callOptions: { idempotent?: boolean } = {},
    ): Promise<T> {
      const pipeline = callOptions.idempotent === true ? retried : oneShot;
      try {
        return await pipeline.execute(async ({ signal }) => {
          // cockatiel's retry loop goes on after its backoff even when the
          // budget has run out meanwhile: do not call the dependency then.
          if (signal.aborted) throw new CallAbandonedError();
          try {
            return await fn(signal);
          } catch (error) {
            // fn saw the abort first (e.g. fetch's AbortError): it is the
            // timeout all the same, for the breaker, the retry and the caller.
            if (signal.aborted && !isTaskCancelledError(error)) {
              throw new TaskCancelledError(
                `Operation aborted (${describeAbort(signal)})`,
              );
            }
            throw error;
          }
        });
      } catch (error) {
        throw translate(error);
      }
    },
    breakerState: () => STATE_NAMES[breaker.state],
    bulkhead: () => ({
      executing: settings.maxConcurrent - bulkhead.executionSlots,
      queued: settings.maxQueue - bulkhead.queueSlots,
    }),
  };
}

/** A retry that would start after the caller has given up: neither a call nor a failure. */
class CallAbandonedError extends Error {
  constructor() {
    super('call abandoned: its budget ran out before this attempt');
    this.name = 'CallAbandonedError';
  }
}

function describeAbort(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason.message : 'timeout';
}

/** The policies of one service, one per dependency name. */
export class PolicyRegistry {
  private readonly policies = new Map<string, ResilientPolicy>();
  private readonly envKeys = new Map<string, string>();

  constructor(
    private readonly options: {
      tier: Tier;
      logger: PolicyLogger;
      metrics?: Metrics;
      /** Default: process.env. */
      env?: NodeJS.ProcessEnv;
    },
  ) {}

  /** Creates the policy of `dependency`; throws if it already exists. */
  create(
    dependency: string,
    options: Pick<CreatePolicyOptions, 'settings' | 'isDependencyFailure'> = {},
  ): ResilientPolicy {
    if (this.policies.has(dependency)) {
      throw new Error(`A policy for dependency '${dependency}' already exists`);
    }
    const envKey = policyEnvName(dependency, 'timeoutMs');
    const clash = this.envKeys.get(envKey);
    if (clash !== undefined) {
      throw new Error(
        `Dependencies '${clash}' and '${dependency}' would share the environment variables POLICY_…; rename one`,
      );
    }
    const policy = createPolicy(dependency, { ...this.options, ...options });
    this.policies.set(dependency, policy);
    this.envKeys.set(envKey, dependency);
    return policy;
  }

  /** The policy of `dependency`; throws when it was never created. */
  get(dependency: string): ResilientPolicy {
    const policy = this.policies.get(dependency);
    if (!policy) {
      throw new Error(
        `No policy for dependency '${dependency}' (known: ${
          [...this.policies.keys()].join(', ') || 'none'
        })`,
      );
    }
    return policy;
  }

  /** The policy of `dependency`, created with the defaults on first use. */
  getOrCreate(dependency: string): ResilientPolicy {
    return this.policies.get(dependency) ?? this.create(dependency);
  }

  list(): ResilientPolicy[] {
    return [...this.policies.values()];
  }

  /** Bulkhead occupancy of every policy, for Metrics.observeBulkheads(). */
  bulkheadSamples(): BulkheadSample[] {
    return this.list().map(policy => ({
      dependency: policy.name,
      ...policy.bulkhead(),
    }));
  }
}
