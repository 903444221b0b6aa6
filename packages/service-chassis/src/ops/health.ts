import type { Knex } from 'knex';
import type { Broker } from '../messaging/types';
import type { OutboxStats } from '../outbox/stats';
import type { DependencyPolicy } from '../resilience/types';

/** The outcome of one readiness check. */
export interface CheckResult {
  ok: boolean;
  /** Why it is not ok, or what was seen. */
  detail?: string;
  /** Extra fields for the JSON answer. */
  data?: Record<string, unknown>;
}

/**
 * One thing /health/ready asks. A check that throws or takes too long is not
 * ok. A failing `critical` check (the default) makes the instance not ready
 * (503); a failing non-critical one only marks it `degraded` (still 200).
 */
export interface ReadinessCheck {
  readonly name: string;
  /** Default true. */
  readonly critical?: boolean;
  check(): Promise<CheckResult>;
}

/** The database answers `select 1`. */
export function databaseCheck(db: Knex): ReadinessCheck {
  return {
    name: 'database',
    async check() {
      await db.raw('select 1');
      return { ok: true };
    },
  };
}

/**
 * The broker says it is connected and usable. Not critical: while the broker
 * is down, writes still succeed and events wait in the outbox, so taking the
 * instance out of the load balancer would only turn a delay into an outage.
 */
export function brokerCheck(
  broker: Pick<Broker, 'healthy' | 'kind'>,
): ReadinessCheck {
  return {
    name: 'broker',
    critical: false,
    async check() {
      const ok = await broker.healthy();
      return ok
        ? { ok, detail: broker.kind }
        : { ok, detail: `${broker.kind} broker is not healthy` };
    },
  };
}

/**
 * No circuit breaker is open (or isolated); half-open is a recovery in
 * progress and passes. Not critical: an open breaker means a dependency is
 * failing, and pulling every replica of this service out of the load balancer
 * because of it would spread the failure upstream; it is reported (degraded),
 * alerted on through the circuit_breaker_state metric, and the breaker itself
 * sheds the load.
 */
export function breakersCheck(
  policies: () => readonly Pick<DependencyPolicy, 'name' | 'breakerState'>[],
): ReadinessCheck {
  return {
    name: 'circuit-breakers',
    critical: false,
    async check() {
      const states = Object.fromEntries(
        policies().map(policy => [policy.name, policy.breakerState()]),
      );
      const open = Object.entries(states)
        .filter(([, state]) => state === 'open' || state === 'isolated')
        .map(([name]) => name);
      return open.length === 0
        ? { ok: true, data: { breakers: states } }
        : {
            ok: false,
            detail: `open circuit breaker: ${open.join(', ')}`,
            data: { breakers: states },
          };
    },
  };
}

export interface OutboxCheckOptions {
  /** outboxStats(db) from ../outbox/stats. */
  stats: () => Promise<
    Pick<OutboxStats, 'pending' | 'oldestPendingAgeMs' | 'oldestDueAgeMs'>
  >;
  broker: Pick<Broker, 'healthy'>;
  /** This instance's relay (OutboxRelay), whose progress tells a wedge from a drain. */
  relay?: { lastProgressAt(): number };
  /** Default 120,000 (2 min). */
  stuckAfterMs?: number;
  now?: () => number;
}

const seconds = (ms: number | null) =>
  ms === null ? null : Math.round(ms / 100) / 10;

/**
 * The outbox: pending rows, the oldest one's age, how long the
 * longest-waiting due row has been due; not ok when the relay looks stuck.
 *
 * The rule: a broker outage is not a reason to leave the load balancer (the
 * outbox absorbs it, and pulling every replica would turn a delay into an
 * outage), so pending rows alone never fail this check, however old. What
 * fails it is a relay that is wedged, which a restart fixes: a row has been
 * due for longer than `stuckAfterMs`, while the broker answers its health
 * check and this relay has made no progress (published, or found nothing due
 * for it) for as long. A working relay publishes due rows within seconds of
 * the broker answering (even through an open breaker), rows waiting for a
 * retry are not due, and a relay draining a backlog makes progress: none of
 * them trips it.
 *
 * Not critical: readiness stays 200 (`degraded`); the flag is for alerting
 * and for the operator deciding to restart the instance. Wiring it into a
 * liveness probe would restart replicas automatically; keep then a failure
 * threshold of a few periods, as the drain after an outage takes a few
 * seconds to start.
 */
export function outboxCheck(options: OutboxCheckOptions): ReadinessCheck {
  const stuckAfterMs = options.stuckAfterMs ?? 120_000;
  const now = options.now ?? Date.now;
  return {
    name: 'outbox',
    critical: false,
    async check() {
      const stats = await options.stats();
      const at = now();
      const sinceProgressMs = options.relay
        ? Math.max(0, at - options.relay.lastProgressAt())
        : undefined;
      const data: Record<string, unknown> = {
        pending: stats.pending,
        oldestPendingAgeSeconds: seconds(stats.oldestPendingAgeMs),
        oldestDueAgeSeconds: seconds(stats.oldestDueAgeMs),
        ...(sinceProgressMs === undefined
          ? {}
          : { relayProgressSecondsAgo: seconds(sinceProgressMs) }),
      };
      const overdue =
        stats.oldestDueAgeMs !== null && stats.oldestDueAgeMs > stuckAfterMs;
      if (
        !overdue ||
        (sinceProgressMs !== undefined && sinceProgressMs <= stuckAfterMs)
      ) {
        return { ok: true, data };
      }
      // Only now ask the broker: an outage explains the wait.
      if (!(await options.broker.healthy())) return { ok: true, data };
      return {
        ok: false,
        detail: `outbox relay is stuck: a row has been due for ${seconds(
          stats.oldestDueAgeMs,
        )} s while the broker is healthy (restart the instance if it persists)`,
        data,
      };
    },
  };
}

/** One check in the /health/ready answer (its `data` fields are spread in). */
export interface CheckReport extends Omit<CheckResult, 'data'> {
  [field: string]: unknown;
  name: string;
  critical: boolean;
  durationMs: number;
}

/** Runs every check concurrently, each bounded by `timeoutMs`. */
export async function runChecks(
  checks: readonly ReadinessCheck[],
  timeoutMs: number,
): Promise<{ ok: boolean; degraded: boolean; checks: CheckReport[] }> {
  const reports = await Promise.all(
    checks.map(async (check): Promise<CheckReport> => {
      const started = performance.now();
      let timer: NodeJS.Timeout | undefined;
      try {
        const result = await Promise.race([
          check.check(),
          new Promise<never>((_, reject) => {
            timer = setTimeout(
              () => reject(new Error(`no answer within ${timeoutMs} ms`)),
              timeoutMs,
            );
          }),
        ]);
        const { data, ...outcome } = result;
        return {
          name: check.name,
          critical: check.critical ?? true,
          ...outcome,
          ...data,
          durationMs: elapsed(started),
        };
      } catch (error) {
        return {
          name: check.name,
          critical: check.critical ?? true,
          ok: false,
          detail: error instanceof Error ? error.message : String(error),
          durationMs: elapsed(started),
        };
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  return {
    ok: reports.every(report => report.ok || !report.critical),
    degraded: reports.some(report => !report.ok && !report.critical),
    checks: reports,
  };
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}
