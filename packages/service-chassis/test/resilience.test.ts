import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Metrics } from '../src/ops/metrics';
import {
  BulkheadFullError,
  CircuitOpenError,
  createPolicy,
  DependencyTimeoutError,
  PolicyConfigError,
  PolicyRegistry,
  resolvePolicySettings,
  TIER_POLICY_DEFAULTS,
  worstCaseBackoffMs,
  type PolicyLogger,
  type PolicySettings,
} from '../src/resilience/policies';
import type { Tier } from '../src/config';
import { currentTraceId, withSpan } from '../src/telemetry/trace';
import {
  setupInMemoryTracing,
  type InMemoryTracing,
} from '../src/testing/tracing';

type LogEntry = { level: 'info' | 'warn'; obj: object; msg: string };

function recordingLogger(): PolicyLogger & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  return {
    entries,
    info: (obj, msg) => entries.push({ level: 'info', obj, msg }),
    warn: (obj, msg) => entries.push({ level: 'warn', obj, msg }),
  };
}

/** Settings that keep every policy out of the way except the one under test. */
const QUIET: Partial<PolicySettings> = {
  budgetMs: 10_000,
  timeoutMs: 5_000,
  retries: 0,
  backoffInitialMs: 0,
  backoffMaxMs: 0,
  breakerThreshold: 1_000,
  halfOpenAfterMs: 60_000,
  maxConcurrent: 100,
  maxQueue: 100,
};

function policy(
  settings: Partial<PolicySettings>,
  extra: { metrics?: Metrics } = {},
) {
  const logger = recordingLogger();
  const p = createPolicy('payment-http', {
    tier: 'standard',
    logger,
    env: {},
    settings: { ...QUIET, ...settings },
    metrics: extra.metrics,
  });
  return { policy: p, logger };
}

async function metricValue(
  metrics: Metrics,
  name: string,
  labels: Record<string, string>,
): Promise<number | undefined> {
  const metric = metrics.registry.getSingleMetric(name);
  if (!metric) throw new Error(`no metric ${name}`);
  const { values } = await metric.get();
  return values.find(v =>
    Object.entries(labels).every(([k, l]) => v.labels[k] === l),
  )?.value;
}

const failing = (counter: { calls: number }) => async () => {
  counter.calls++;
  throw new Error('dependency down');
};

function waitForAbort(signal: AbortSignal, seen: { aborted: boolean }) {
  return new Promise<never>((_, reject) => {
    signal.addEventListener('abort', () => {
      seen.aborted = true;
      reject(new Error('aborted by the policy'));
    });
  });
}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>(r => (resolve = r));
  return { promise, resolve };
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

describe('timeout', () => {
  it('aborts the signal, rejects with DependencyTimeoutError and counts as a breaker failure', async () => {
    const metrics = new Metrics({ defaultMetrics: false });
    const { policy: p } = policy(
      { timeoutMs: 20, breakerThreshold: 2 },
      { metrics },
    );
    for (let i = 0; i < 2; i++) {
      const seen = { aborted: false };
      const error = await p
        .execute(signal => waitForAbort(signal, seen))
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DependencyTimeoutError);
      expect((error as DependencyTimeoutError).dependency).toBe('payment-http');
      expect((error as Error).message).toMatch(
        /^payment-http: .*timed out after 20ms/,
      );
      expect(seen.aborted).toBe(true);
    }
    // Two timed-out attempts = threshold 2: the breaker opened.
    expect(p.breakerState()).toBe('open');
    expect(
      await metricValue(metrics, 'circuit_breaker_state_changes_total', {
        dependency: 'payment-http',
        state: 'open',
      }),
    ).toBe(1);
  });

  it('the call budget bounds the whole call, retries included', async () => {
    const { policy: p } = policy({ budgetMs: 50, timeoutMs: 40, retries: 5 });
    const error = await p
      .execute(signal => waitForAbort(signal, { aborted: false }), {
        idempotent: true,
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DependencyTimeoutError);
    expect((error as Error).message).toMatch(/timed out after 50ms/);
  });
});

describe('retry', () => {
  it('retries an idempotent call exactly `retries` times', async () => {
    const { policy: p } = policy({ retries: 2 });
    const counter = { calls: 0 };
    await expect(
      p.execute(failing(counter), { idempotent: true }),
    ).rejects.toThrow('dependency down');
    expect(counter.calls).toBe(3);
  });

  it('never retries a call that is not marked idempotent', async () => {
    const { policy: p } = policy({ retries: 2 });
    const counter = { calls: 0 };
    await expect(p.execute(failing(counter))).rejects.toThrow(
      'dependency down',
    );
    expect(counter.calls).toBe(1);
    await expect(
      p.execute(failing(counter), { idempotent: false }),
    ).rejects.toThrow('dependency down');
    expect(counter.calls).toBe(2);
  });

  it('stops retrying once an attempt succeeds', async () => {
    const { policy: p } = policy({ retries: 3 });
    let calls = 0;
    const result = await p.execute(
      async () => {
        calls++;
        if (calls < 2) throw new Error('flaky');
        return 'ok';
      },
      { idempotent: true },
    );
    expect(result).toBe('ok');
    expect(calls).toBe(2);
  });

  it('does not retry, nor count, errors that are not the dependency’s fault', async () => {
    const logger = recordingLogger();
    const p = createPolicy('inventory-http', {
      tier: 'standard',
      logger,
      env: {},
      settings: { ...QUIET, retries: 2, breakerThreshold: 1 },
      isDependencyFailure: error => !(error instanceof RangeError),
    });
    let calls = 0;
    await expect(
      p.execute(
        async () => {
          calls++;
          throw new RangeError('404 not found');
        },
        { idempotent: true },
      ),
    ).rejects.toThrow(RangeError);
    expect(calls).toBe(1);
    expect(p.breakerState()).toBe('closed');
  });
});

describe('circuit breaker', () => {
  it('opens after N consecutive failures, refuses fast while open, half-opens after the delay and closes on success', async () => {
    const metrics = new Metrics({ defaultMetrics: false });
    const { policy: p, logger } = policy(
      { breakerThreshold: 3, halfOpenAfterMs: 50 },
      { metrics },
    );
    const counter = { calls: 0 };
    for (let i = 0; i < 2; i++) {
      await expect(p.execute(failing(counter))).rejects.toThrow(
        'dependency down',
      );
      expect(p.breakerState()).toBe('closed');
    }
    await expect(p.execute(failing(counter))).rejects.toThrow(
      'dependency down',
    );
    expect(p.breakerState()).toBe('open');
    expect(counter.calls).toBe(3);

    // Open: refused without calling the dependency.
    const refused = await p.execute(failing(counter)).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(CircuitOpenError);
    expect((refused as Error).message).toBe(
      'payment-http: circuit breaker is open, call refused',
    );
    expect(counter.calls).toBe(3);

    await sleep(80);
    // After halfOpenAfterMs the next call is the trial; its success closes.
    let stateDuringTrial: string | undefined;
    const result = await p.execute(async () => {
      await sleep(0); // cockatiel enters half-open once the trial has started
      stateDuringTrial = p.breakerState();
      return 42;
    });
    expect(result).toBe(42);
    expect(stateDuringTrial).toBe('half-open');
    expect(p.breakerState()).toBe('closed');

    for (const state of ['open', 'half-open', 'closed']) {
      expect(
        await metricValue(metrics, 'circuit_breaker_state_changes_total', {
          dependency: 'payment-http',
          state,
        }),
      ).toBe(1);
    }
    expect(
      await metricValue(metrics, 'circuit_breaker_state', {
        dependency: 'payment-http',
        state: 'closed',
      }),
    ).toBe(1);
    expect(
      await metricValue(metrics, 'circuit_breaker_state', {
        dependency: 'payment-http',
        state: 'open',
      }),
    ).toBe(0);
    expect(logger.entries.map(e => [e.level, e.msg])).toEqual([
      ['warn', "circuit breaker for 'payment-http' opened: calls are refused"],
      ['info', "circuit breaker for 'payment-http' is half-open"],
      ['info', "circuit breaker for 'payment-http' is closed"],
    ]);
    expect(logger.entries[0]?.obj).toMatchObject({
      dependency: 'payment-http',
      state: 'open',
      lastFailure: 'dependency down',
    });
  });

  it('re-opens when the half-open trial fails', async () => {
    const { policy: p } = policy({ breakerThreshold: 1, halfOpenAfterMs: 30 });
    const counter = { calls: 0 };
    await expect(p.execute(failing(counter))).rejects.toThrow(
      'dependency down',
    );
    expect(p.breakerState()).toBe('open');
    await sleep(60);
    await expect(p.execute(failing(counter))).rejects.toThrow(
      'dependency down',
    );
    expect(counter.calls).toBe(2);
    expect(p.breakerState()).toBe('open');
    await expect(p.execute(failing(counter))).rejects.toBeInstanceOf(
      CircuitOpenError,
    );
    expect(counter.calls).toBe(2);
  });
});

describe('bulkhead', () => {
  it('runs maxConcurrent calls, queues maxQueue more and refuses the rest', async () => {
    const metrics = new Metrics({ defaultMetrics: false });
    const { policy: p } = policy(
      { maxConcurrent: 2, maxQueue: 1 },
      { metrics },
    );
    const gate = deferred();
    let started = 0;
    const call = () =>
      p.execute(async () => {
        started++;
        await gate.promise;
        return 'done';
      });
    const admitted = [call(), call(), call()];
    await sleep(0);
    expect(started).toBe(2);
    expect(p.bulkhead()).toEqual({ executing: 2, queued: 1 });

    const refused = await call().catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(BulkheadFullError);
    expect((refused as Error).message).toBe(
      'payment-http: bulkhead full (2 running, 1 queued), call refused',
    );
    expect(
      await metricValue(metrics, 'bulkhead_rejections_total', {
        dependency: 'payment-http',
      }),
    ).toBe(1);

    gate.resolve();
    expect(await Promise.all(admitted)).toEqual(['done', 'done', 'done']);
    expect(started).toBe(3);
    expect(p.bulkhead()).toEqual({ executing: 0, queued: 0 });
    // A refusal is not the dependency's fault: the breaker did not count it.
    expect(p.breakerState()).toBe('closed');
  });
});

describe('tier defaults', () => {
  const tiers: Tier[] = ['critical', 'important', 'standard', 'best-effort'];
  const objectiveMs: Record<Tier, number> = {
    critical: 100,
    important: 500,
    standard: 1_000,
    'best-effort': 5_000,
  };

  it('give each tier a budget equal to its p99 objective, and attempts that fit in it', () => {
    for (const tier of tiers) {
      const s = TIER_POLICY_DEFAULTS[tier];
      expect(s.budgetMs, tier).toBe(objectiveMs[tier]);
      expect(
        (s.retries + 1) * s.timeoutMs + worstCaseBackoffMs(s),
        tier,
      ).toBeLessThanOrEqual(s.budgetMs);
    }
  });

  it('get looser from critical to best-effort', () => {
    const d = tiers.map(t => TIER_POLICY_DEFAULTS[t]);
    for (let i = 1; i < d.length; i++) {
      const [tighter, looser] = [d[i - 1]!, d[i]!];
      expect(looser.timeoutMs).toBeGreaterThan(tighter.timeoutMs);
      expect(looser.halfOpenAfterMs).toBeGreaterThan(tighter.halfOpenAfterMs);
      expect(looser.breakerThreshold).toBeGreaterThanOrEqual(
        tighter.breakerThreshold,
      );
      expect(looser.maxConcurrent).toBeLessThan(tighter.maxConcurrent);
      expect(looser.maxQueue).toBeGreaterThanOrEqual(tighter.maxQueue);
    }
    // Critical has room for one retry only.
    expect(TIER_POLICY_DEFAULTS.critical.retries).toBe(1);
  });

  it('are what a policy of that tier uses', () => {
    const registry = new PolicyRegistry({
      tier: 'critical',
      logger: recordingLogger(),
      env: {},
    });
    expect(registry.create('broker').settings).toEqual(
      TIER_POLICY_DEFAULTS.critical,
    );
    const other = new PolicyRegistry({
      tier: 'best-effort',
      logger: recordingLogger(),
      env: {},
    });
    expect(other.create('broker').settings).toEqual(
      TIER_POLICY_DEFAULTS['best-effort'],
    );
  });
});

describe('environment overrides', () => {
  it('override one dependency, and win over the code', () => {
    const s = resolvePolicySettings(
      'payment-http',
      'standard',
      { timeoutMs: 100, retries: 1 },
      {
        POLICY_PAYMENT_HTTP_TIMEOUT_MS: '250',
        POLICY_PAYMENT_HTTP_MAX_QUEUE: '0',
        POLICY_INVENTORY_HTTP_TIMEOUT_MS: '999',
      },
    );
    expect(s).toEqual({
      ...TIER_POLICY_DEFAULTS.standard,
      timeoutMs: 250,
      retries: 1,
      maxQueue: 0,
    });
  });

  it('refuse a bad value with an error naming the variable', () => {
    let error: unknown;
    try {
      resolvePolicySettings(
        'payment-http',
        'standard',
        {},
        {
          POLICY_PAYMENT_HTTP_TIMEOUT_MS: 'fast',
          POLICY_PAYMENT_HTTP_MAX_CONCURRENT: '0',
          POLICY_PAYMENT_HTTP_RETRIES: '1.5',
        },
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PolicyConfigError);
    const problems = (error as PolicyConfigError).problems;
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(
      /^POLICY_PAYMENT_HTTP_TIMEOUT_MS: must be a whole number >= 1 \(got 'fast'\)$/m,
    );
    expect(problems.join('\n')).toMatch(
      /^POLICY_PAYMENT_HTTP_MAX_CONCURRENT: /m,
    );
    expect(problems.join('\n')).toMatch(/^POLICY_PAYMENT_HTTP_RETRIES: /m);
  });

  it('refuse an attempt timeout longer than the budget, naming both variables', () => {
    expect(() =>
      createPolicy('broker', {
        tier: 'critical',
        logger: recordingLogger(),
        env: { POLICY_BROKER_TIMEOUT_MS: '500' },
      }),
    ).toThrow(
      /POLICY_BROKER_TIMEOUT_MS: the attempt timeout \(500 ms\) exceeds the call budget POLICY_BROKER_BUDGET_MS \(100 ms\)/,
    );
  });
});

describe('PolicyRegistry', () => {
  it('creates one policy per dependency and lists them', () => {
    const registry = new PolicyRegistry({
      tier: 'standard',
      logger: recordingLogger(),
      env: {},
    });
    const broker = registry.create('broker');
    expect(registry.get('broker')).toBe(broker);
    expect(registry.getOrCreate('broker')).toBe(broker);
    const payment = registry.getOrCreate('payment-http');
    expect(registry.list()).toEqual([broker, payment]);
    expect(() => registry.create('broker')).toThrow(
      "A policy for dependency 'broker' already exists",
    );
    expect(() => registry.create('payment_http')).toThrow(
      /'payment-http' and 'payment_http' would share the environment variables/,
    );
    expect(() => registry.get('shipping')).toThrow(
      "No policy for dependency 'shipping' (known: broker, payment-http)",
    );
  });
});

describe('breaker state logs and trace context', () => {
  let tracing: InMemoryTracing;
  beforeAll(() => {
    tracing = setupInMemoryTracing();
  });
  afterAll(async () => {
    await tracing.shutdown();
  });

  it('are not written in the trace of the request that tripped the breaker', async () => {
    const traceIds: string[] = [];
    const logger: PolicyLogger = {
      info: () => traceIds.push(currentTraceId()),
      warn: () => traceIds.push(currentTraceId()),
    };
    const p = createPolicy('inventory-http', {
      tier: 'standard',
      logger,
      env: {},
      settings: { ...QUIET, breakerThreshold: 1 },
    });
    let requestTraceId = '';
    await withSpan('GET /orders/:id', {}, async () => {
      requestTraceId = currentTraceId();
      await p
        .execute(async () => {
          throw new Error('dependency down');
        })
        .catch(() => undefined);
    });
    expect(requestTraceId).not.toBe('');
    expect(p.breakerState()).toBe('open');
    // The breaker is shared by every request: its transition is not this
    // request's event, and a log line in its trace would mislead.
    expect(traceIds).toEqual(['']);
  });
});
