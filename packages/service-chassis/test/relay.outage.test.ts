import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InProcessBroker } from '../src/messaging/inProcess';
import type { OutgoingMessage } from '../src/messaging/types';
import { Metrics } from '../src/ops/metrics';
import { backoffDelay, OutboxRelay } from '../src/outbox/relay';
import { outboxStats } from '../src/outbox/stats';
import {
  createPolicy,
  type PolicySettings,
  type ResilientPolicy,
} from '../src/resilience/policies';
import type { TestDatabase } from './support/infra';
import {
  availableDatabases,
  RecordingBroker,
  writeEvents,
} from './support/outboxFixtures';

/**
 * The relay against a broker outage, through the real (cockatiel) broker
 * policy: its own breaker's and bulkhead's refusals are not publish
 * attempts, its concurrency stays inside the bulkhead, and the drain starts
 * within seconds of the broker's return whatever the breaker's half-open delay.
 */
const brokerPolicy = (
  settings: Partial<PolicySettings> = {},
  metrics?: Metrics,
): ResilientPolicy =>
  createPolicy('broker', {
    tier: 'standard',
    logger: pino({ level: 'silent' }),
    env: {},
    settings,
    metrics,
  });

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

describe('backoff after real broker failures', () => {
  it('is capped at 30 s by default, so the drain after an outage starts promptly', () => {
    expect([1, 2, 5, 6, 20].map(n => backoffDelay(n))).toEqual([
      1_000, 2_000, 16_000, 30_000, 30_000,
    ]);
  });
});

describe('OutboxRelay during a broker outage', async () => {
  const databases = await availableDatabases();
  describe.each(databases)('on $name', ({ create }) => {
    let t: TestDatabase;
    let inner: InProcessBroker;
    let broker: RecordingBroker;
    let clock: number;
    const now = () => clock;

    beforeEach(async () => {
      t = await create();
      inner = new InProcessBroker({ duplicateWindowMs: 0 });
      broker = new RecordingBroker(inner);
      clock = 1_000_000;
    });
    afterEach(async () => {
      await inner.close();
      await t.destroy();
    });

    const rows = () =>
      t
        .db('outbox')
        .select('id', 'attempts', 'next_attempt_at', 'last_error')
        .orderBy('position') as Promise<
        Array<{
          id: string;
          attempts: number;
          next_attempt_at: number;
          last_error: string | null;
        }>
      >;

    it('a refusal by its own breaker is not an attempt: no attempts, no backoff, the batch stops, the rows stay due', async () => {
      const policy = brokerPolicy({
        retries: 0,
        breakerThreshold: 2,
        halfOpenAfterMs: 60_000,
      });
      inner.setAvailable(false);
      await writeEvents(t.db, 10, 10, now);
      const metrics = new Metrics({ defaultMetrics: false });
      const relay = new OutboxRelay({
        db: t.db,
        broker,
        eventPrefix: 'orders',
        policy,
        now,
        concurrency: 1,
        metrics,
      });

      // Two real failures open the breaker; the third row is refused and
      // the batch stops there.
      expect(await relay.pollOnce()).toEqual({
        published: 0,
        failed: 2,
        refused: 1,
      });
      expect(policy.breakerState()).toBe('open');
      expect(broker.attempts).toHaveLength(2);
      let after = await rows();
      expect(after.slice(0, 2).map(r => r.attempts)).toEqual([1, 1]);
      expect(after[0]!.last_error).toBe('broker unavailable');
      expect(after.slice(2)).toEqual(
        after.slice(2).map(r => ({
          id: r.id,
          attempts: 0,
          next_attempt_at: 1_000_000,
          last_error: null,
        })),
      );

      // Still down, breaker still open: the relay neither calls the broker
      // nor touches a row.
      clock += 5_000;
      expect(await relay.pollOnce()).toEqual({
        published: 0,
        failed: 0,
        refused: 1,
      });
      expect(broker.attempts).toHaveLength(2);
      after = await rows();
      expect(after.map(r => r.attempts)).toEqual([
        1, 1, 0, 0, 0, 0, 0, 0, 0, 0,
      ]);
      expect((await outboxStats(t.db)).pending).toBe(10);

      const text = await metrics.text();
      expect(text).toContain('outbox_relay_failed_total 2');
      expect(text).toContain(
        'outbox_relay_refused_total{reason="circuit-open"} 2',
      );
      expect(text).toContain('outbox_relay_published_total 0');
      expect(text).toContain('outbox_relay_batch_rows_count 2');
    });

    it('a standard-tier relay never overflows its bulkhead under a large backlog', async () => {
      const metrics = new Metrics({ defaultMetrics: false });
      const policy = brokerPolicy({}, metrics);
      expect(policy.settings.maxConcurrent).toBe(16);
      const events = 400;
      await writeEvents(t.db, events, events);
      let inFlight = 0;
      let maxInFlight = 0;
      const slow = new RecordingBroker(inner);
      slow.publish = async (message: OutgoingMessage) => {
        slow.attempts.push(message);
        maxInFlight = Math.max(maxInFlight, ++inFlight);
        await sleep(2);
        inFlight--;
        await inner.publish(message);
        slow.delivered.push(message);
      };
      const results = { published: 0, failed: 0, refused: 0 };
      const relay = new OutboxRelay({
        db: t.db,
        broker: slow,
        eventPrefix: 'orders',
        policy,
        // Asked for more than the bulkhead holds: the relay keeps inside it.
        concurrency: 64,
        batchSize: 200,
        pollIntervalMs: 5,
        onPoll: result => {
          results.published += result.published;
          results.failed += result.failed;
          results.refused += result.refused;
        },
      });
      relay.start();
      try {
        await vi.waitFor(() => expect(results.published).toBe(events), {
          timeout: 20_000,
          interval: 20,
        });
      } finally {
        await relay.stop();
      }
      expect(results).toEqual({ published: events, failed: 0, refused: 0 });
      expect(maxInFlight).toBeLessThanOrEqual(16);
      expect(slow.attempts).toHaveLength(events);
      expect(await metrics.text()).not.toMatch(
        /^bulkhead_rejections_total\{dependency="broker"\} [1-9]/m,
      );
    });

    it('drains within 5 s of the broker coming back, although the breaker stays open for 30 s', async () => {
      const policy = brokerPolicy({
        retries: 0,
        breakerThreshold: 1,
        halfOpenAfterMs: 30_000,
      });
      const publishedAt: number[] = [];
      const timed = new RecordingBroker(inner);
      timed.publish = async (message: OutgoingMessage) => {
        timed.attempts.push(message);
        await inner.publish(message);
        publishedAt.push(Date.now());
        timed.delivered.push(message);
      };
      const relay = new OutboxRelay({
        db: t.db,
        broker: timed,
        eventPrefix: 'orders',
        policy,
        pollIntervalMs: 20,
      });

      inner.setAvailable(false);
      await writeEvents(t.db, 1, 1);
      relay.start();
      try {
        await vi.waitFor(() => expect(policy.breakerState()).toBe('open'), {
          timeout: 2_000,
          interval: 10,
        });
        // Written during the outage: these are never attempted while it lasts.
        await writeEvents(t.db, 20, 5);
        await sleep(3_000);
        expect(timed.attempts).toHaveLength(1);
        expect((await outboxStats(t.db)).pending).toBe(21);

        const backAt = Date.now();
        inner.setAvailable(true);
        await vi.waitFor(() => expect(timed.delivered).toHaveLength(21), {
          timeout: 10_000,
          interval: 20,
        });
        expect(publishedAt[0]! - backAt).toBeLessThan(5_000);
        // The half-open delay did not hold the drain back.
        expect(policy.breakerState()).toBe('open');
      } finally {
        await relay.stop();
      }
      expect((await outboxStats(t.db)).pending).toBe(0);
      expect((await rows()).filter(r => r.attempts > 0)).toHaveLength(1);
    });
  });
});
