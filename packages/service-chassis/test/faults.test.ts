import type { Knex } from 'knex';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDb } from '../src/db/knex';
import {
  createIdempotentConsumer,
  type IdempotentConsumer,
  type IdempotentConsumerOptions,
} from '../src/messaging/consumer';
import { InProcessBroker } from '../src/messaging/inProcess';
import { NatsBroker } from '../src/messaging/nats';
import type { Broker } from '../src/messaging/types';
import { OutboxRelay } from '../src/outbox/relay';
import { outboxStats } from '../src/outbox/stats';
import {
  NATS_URL,
  natsAvailable,
  sqliteDatabase,
  uniqueName,
  type TestDatabase,
} from './support/infra';
import {
  availableDatabases,
  countBy,
  CountingPolicy,
  RecordingBroker,
  writeEvents,
} from './support/outboxFixtures';

/**
 * Fault tests with exact counts. Side effects are rows the consumer's handler
 * writes in the inbox transaction: "processed exactly once" means one side
 * effect per event, whatever the broker delivered.
 */
async function sideEffectsTable(db: Knex) {
  await db.schema.createTable('side_effects', table => {
    table.increments('id');
    table.string('message_id').notNullable();
    table.string('aggregate_id').notNullable();
  });
}

function consumerOf(
  db: Knex,
  broker: Broker,
  subjects: string[],
  extra: Partial<IdempotentConsumerOptions> = {},
): { consumer: IdempotentConsumer } {
  const consumer = createIdempotentConsumer({
    db,
    broker,
    name: 'projection',
    subjects,
    maxAttempts: 3,
    handle: async (msg, trx) => {
      await trx('side_effects').insert({
        message_id: msg.id,
        aggregate_id: msg.headers['aggregate-id'] ?? '',
      });
    },
    ...extra,
  });
  return { consumer };
}

const count = async (db: Knex, table: string) =>
  Number(
    ((await db(table).count({ n: '*' }).first()) as { n: number | string }).n,
  );

/** Polls until nothing is pending (bounded: fails instead of spinning forever). */
async function drain(relay: OutboxRelay, db: Knex, maxPolls = 100) {
  for (let i = 0; i < maxPolls; i++) {
    if ((await outboxStats(db)).pending === 0) return;
    await relay.pollOnce();
  }
  throw new Error(`outbox not drained after ${maxPolls} polls`);
}

describe('faults', async () => {
  const databases = await availableDatabases();
  describe.each(databases)('on $name', ({ name, create }) => {
    let t: TestDatabase;
    let broker: InProcessBroker;
    let clock: number;
    const now = () => clock;

    beforeEach(async () => {
      t = await create();
      await sideEffectsTable(t.db);
      // No broker de-duplication: every duplicate the relay causes reaches the consumer.
      broker = new InProcessBroker({ duplicateWindowMs: 0 });
      clock = 5_000_000;
    });
    afterEach(async () => {
      await broker.close();
      await t.destroy();
    });

    it('(a) relay killed mid-batch (ack lost after k publishes): restart delivers every event, processed exactly once', async () => {
      const events = 20;
      const k = 7;
      const ids = await writeEvents(t.db, events, 5, now);
      const { consumer } = consumerOf(t.db, broker, ['orders.>']);
      await consumer.start();

      // The first relay's broker connection dies after k publishes: publish k+1
      // reaches the broker but its ack is lost, the rest never get out.
      const dying = new RecordingBroker(broker);
      dying.failWhen = (_m, attempt) =>
        attempt <= k ? undefined : attempt === k + 1 ? 'after' : 'before';
      const first = new OutboxRelay({
        db: t.db,
        broker: dying,
        eventPrefix: 'orders',
        now,
      });
      const crashed = await first.pollOnce();
      expect(crashed.published).toBe(k);
      expect(dying.delivered).toHaveLength(k + 1);

      // Restart: a new relay with a working connection, once the backoff is over.
      clock += 60_000;
      const second = new OutboxRelay({
        db: t.db,
        broker,
        eventPrefix: 'orders',
        now,
      });
      await drain(second, t.db);
      await broker.whenIdle();
      await consumer.stop();

      // Delivered at least once: the lost-ack message went out twice.
      expect(broker.stats.published).toBe(events + 1);
      expect(broker.stats.delivered).toBe(events + 1);
      const perId = countBy(
        (await t.db('side_effects').select('message_id')) as Array<{
          message_id: string;
        }>,
        r => r.message_id,
      );
      // Processed exactly once: one side effect per event, the duplicate skipped.
      expect(perId.size).toBe(events);
      expect([...perId.values()].every(n => n === 1)).toBe(true);
      expect(new Set(perId.keys())).toEqual(new Set(ids));
      expect(await count(t.db, 'inbox')).toBe(events);
      expect(await outboxStats(t.db)).toMatchObject({
        pending: 0,
        deadLetters: 0,
      });
    });

    if (name === 'postgres') {
      it('(a) relay session killed between publish and mark: the batch is republished, processed exactly once', async () => {
        const events = 30;
        const k = 12;
        const ids = await writeEvents(t.db, events, 6, now);
        const { consumer } = consumerOf(t.db, broker, ['orders.>']);
        await consumer.start();

        // The first relay has its own connection, which dies (as the process
        // would) after k messages reached the broker: its transaction rolls
        // back, so none of the rows it published is marked.
        const url = new URL(t.url!);
        url.searchParams.set('application_name', 'doomed_relay');
        const relayDb = createDb({
          client: 'pg',
          connectionString: url.toString(),
        });
        const killer = new RecordingBroker(broker);
        killer.publish = async message => {
          killer.attempts.push(message);
          if (killer.attempts.length === k + 1) {
            await t.db.raw(
              "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'doomed_relay'",
            );
            throw new Error('relay process killed');
          }
          if (killer.attempts.length > k + 1)
            throw new Error('relay process killed');
          await broker.publish(message);
          killer.delivered.push(message);
        };
        const doomed = new OutboxRelay({
          db: relayDb,
          broker: killer,
          eventPrefix: 'orders',
          now,
        });
        await expect(doomed.pollOnce()).rejects.toThrow();
        await relayDb.destroy();
        expect(killer.delivered).toHaveLength(k);
        expect((await outboxStats(t.db)).pending).toBe(events);

        const restarted = new OutboxRelay({
          db: t.db,
          broker,
          eventPrefix: 'orders',
          now,
        });
        await drain(restarted, t.db);
        await broker.whenIdle();
        await consumer.stop();

        expect(broker.stats.delivered).toBe(events + k);
        const perId = countBy(
          (await t.db('side_effects').select('message_id')) as Array<{
            message_id: string;
          }>,
          r => r.message_id,
        );
        expect(perId.size).toBe(events);
        expect([...perId.values()].every(n => n === 1)).toBe(true);
        expect(new Set(perId.keys())).toEqual(new Set(ids));
        expect(await count(t.db, 'inbox')).toBe(events);
      });
    }

    it('(b) broker down: writes succeed, the outbox grows, the policy sees the failures, then everything drains in order', async () => {
      const policy = new CountingPolicy();
      const { consumer } = consumerOf(t.db, broker, ['orders.>']);
      await consumer.start();
      const relay = new OutboxRelay({
        db: t.db,
        broker,
        eventPrefix: 'orders',
        now,
        policy,
      });

      broker.setAvailable(false);
      await writeEvents(t.db, 12, 3, now);
      expect(await relay.pollOnce()).toEqual({
        published: 0,
        failed: 3,
        refused: 0,
      });
      expect(policy.failures).toBe(3);
      // The service keeps accepting writes while the broker is down.
      for (let i = 0; i < 3; i++) await writeEvents(t.db, 1, 1, now);
      expect((await outboxStats(t.db)).pending).toBe(15);
      clock += 1_000;
      expect(await relay.pollOnce()).toEqual({
        published: 0,
        failed: 3,
        refused: 0,
      });
      expect(policy.failures).toBe(6);
      expect((await outboxStats(t.db, now)).oldestPendingAgeMs).toBe(1_000);

      broker.setAvailable(true);
      clock += 10_000;
      await drain(relay, t.db);
      await broker.whenIdle();
      await consumer.stop();
      expect(policy.calls).toBe(6 + 15);
      expect(policy.failures).toBe(6);
      expect(broker.stats.published).toBe(15);
      expect(await count(t.db, 'side_effects')).toBe(15);
      // Each aggregate's events arrived in the order they were written.
      const written = (await t
        .db('outbox')
        .select('id', 'aggregate_id')
        .orderBy('position')) as Array<{
        id: string;
        aggregate_id: string;
      }>;
      const processed = (await t
        .db('side_effects')
        .select('message_id', 'aggregate_id')
        .orderBy('id')) as Array<{
        message_id: string;
        aggregate_id: string;
      }>;
      for (const aggregate of new Set(written.map(w => w.aggregate_id))) {
        expect(
          processed
            .filter(p => p.aggregate_id === aggregate)
            .map(p => p.message_id),
        ).toEqual(
          written.filter(w => w.aggregate_id === aggregate).map(w => w.id),
        );
      }
      expect(await outboxStats(t.db)).toEqual({
        pending: 0,
        oldestPendingAgeMs: null,
        oldestDueAgeMs: null,
        deadLetters: 0,
      });
    });

    it('(d) a poison message is parked in dead_letter after maxAttempts; later messages are still processed', async () => {
      const ids = await writeEvents(t.db, 10, 10, now);
      const poison = ids[3]!;
      const attemptsOnPoison: number[] = [];
      const { consumer } = consumerOf(t.db, broker, ['orders.>'], {
        maxAttempts: 4,
        handle: async (msg, trx) => {
          if (msg.id === poison) {
            attemptsOnPoison.push(msg.deliveryAttempt);
            throw new Error('unsupported currency');
          }
          await trx('side_effects').insert({
            message_id: msg.id,
            aggregate_id: msg.headers['aggregate-id'] ?? '',
          });
        },
      });
      await consumer.start();
      const relay = new OutboxRelay({
        db: t.db,
        broker,
        eventPrefix: 'orders',
        now,
      });
      expect(await relay.pollOnce()).toEqual({
        published: 10,
        failed: 0,
        refused: 0,
      });
      await broker.whenIdle();
      await consumer.stop();
      expect(attemptsOnPoison).toEqual([1, 2, 3, 4]);
      expect(broker.stats.delivered).toBe(10 + 3);
      expect(await count(t.db, 'side_effects')).toBe(9);
      const parked = await t
        .db('dead_letter')
        .select('message_id', 'error', 'attempts');
      expect(parked).toEqual([
        {
          message_id: poison,
          error: 'Error: unsupported currency',
          attempts: 4,
        },
      ]);
      expect((await outboxStats(t.db)).deadLetters).toBe(1);
    });
  });

  const postgres = databases.find(d => d.name === 'postgres');
  describe.skipIf(!postgres)('(c) two relays on PostgreSQL', () => {
    it('never publish the same row twice in one poll cycle, and keep the order per aggregate', async () => {
      const t = await postgres!.create();
      try {
        const events = 400;
        await writeEvents(t.db, events, 200);
        const broker = new InProcessBroker({ duplicateWindowMs: 0 });
        const published: Array<{
          relay: string;
          id: string;
          key: string;
          cycle: number;
        }> = [];
        let cycle = 0;
        const tap = (relay: string) => {
          const b = new RecordingBroker(broker);
          b.publish = async message => {
            // Yield so the two relays' batches overlap in time.
            await new Promise(resolve => setImmediate(resolve));
            await broker.publish(message);
            published.push({ relay, id: message.id, key: message.key, cycle });
          };
          return b;
        };
        const a = new OutboxRelay({
          db: t.db,
          broker: tap('a'),
          eventPrefix: 'orders',
          batchSize: 50,
        });
        const b = new OutboxRelay({
          db: t.db,
          broker: tap('b'),
          eventPrefix: 'orders',
          batchSize: 50,
        });
        while ((await outboxStats(t.db)).pending > 0 && cycle < 50) {
          cycle++;
          await Promise.all([a.pollOnce(), b.pollOnce()]);
          const thisCycle = published.filter(p => p.cycle === cycle);
          const perId = countBy(thisCycle, p => p.id);
          expect([...perId.values()].every(n => n === 1)).toBe(true);
        }
        expect(published).toHaveLength(events);
        expect(new Set(published.map(p => p.id)).size).toBe(events);
        expect(new Set(published.map(p => p.relay))).toEqual(
          new Set(['a', 'b']),
        );
        const order = new Map(
          (
            (await t.db('outbox').select('id').orderBy('position')) as Array<{
              id: string;
            }>
          ).map((r, i) => [r.id, i]),
        );
        for (const key of new Set(published.map(p => p.key))) {
          const positions = published
            .filter(p => p.key === key)
            .map(p => order.get(p.id)!);
          expect(positions).toEqual([...positions].sort((x, y) => x - y));
        }
        await broker.close();
      } finally {
        await t.destroy();
      }
    });
  });

  describe('(e) NATS JetStream', async () => {
    const available = await natsAvailable();
    describe.skipIf(!available)('with a real server', () => {
      let nats: NatsBroker;
      let stream: string;
      let prefix: string;
      beforeEach(async () => {
        stream = uniqueName('FAULTS');
        prefix = uniqueName('faults').toLowerCase();
        nats = new NatsBroker({
          servers: NATS_URL,
          stream,
          eventPrefix: prefix,
        });
        await nats.connect();
      });
      afterEach(async () => {
        await nats.manager().streams.delete(stream);
        await nats.close();
      });

      it('de-duplicates a second publish of the same id (Nats-Msg-Id)', async () => {
        const message = {
          id: 'dup-1',
          subject: `${prefix}.order.placed`,
          key: 'order-1',
          body: '{}',
          headers: { 'event-type': 'order.placed' },
        };
        const firstAck = await nats.publishWithAck(message);
        const secondAck = await nats.publishWithAck(message);
        expect(firstAck.duplicate).toBe(false);
        expect(secondAck.duplicate).toBe(true);
        expect(secondAck.seq).toBe(firstAck.seq);
        expect((await nats.manager().streams.info(stream)).state.messages).toBe(
          1,
        );
      });

      it('a relay whose acks are lost republishes, JetStream drops the copies, the consumer processes each event once', async () => {
        const t = await sqliteDatabase();
        try {
          await sideEffectsTable(t.db);
          const events = 25;
          await writeEvents(t.db, events, 5);
          // Every fifth publish reaches JetStream but the relay never hears back.
          const lossy = new RecordingBroker(nats);
          lossy.failWhen = (_m, attempt) =>
            attempt % 5 === 0 ? 'after' : undefined;
          let clock = Date.now();
          const relay = new OutboxRelay({
            db: t.db,
            broker: lossy,
            eventPrefix: prefix,
            now: () => (clock += 60_000),
          });
          await drain(relay, t.db);
          const republished = lossy.attempts.length - events;
          expect(republished).toBeGreaterThan(0);

          let processed = 0;
          let done!: () => void;
          const all = new Promise<void>(resolve => (done = resolve));
          const { consumer } = consumerOf(t.db, nats, [`${prefix}.>`], {
            name: uniqueName('projection'),
            handle: async (msg, trx) => {
              await trx('side_effects').insert({
                message_id: msg.id,
                aggregate_id: msg.headers['aggregate-id'] ?? '',
              });
              if (++processed === events) done();
            },
          });
          await consumer.start();
          await all;
          await consumer.stop();
          expect(
            (await nats.manager().streams.info(stream)).state.messages,
          ).toBe(events);
          expect(await count(t.db, 'side_effects')).toBe(events);
          expect(await count(t.db, 'inbox')).toBe(events);
        } finally {
          await t.destroy();
        }
      });
    });
  });
});
