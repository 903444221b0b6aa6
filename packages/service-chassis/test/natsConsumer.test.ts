import { AckPolicy, DeliverPolicy } from '@nats-io/jetstream';
import { connect, nanos, type NatsConnection } from '@nats-io/transport-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createIdempotentConsumer } from '../src/messaging/consumer';
import { NatsBroker } from '../src/messaging/nats';
import type { OutgoingMessage } from '../src/messaging/types';
import {
  NATS_URL,
  natsAvailable,
  sqliteDatabase,
  uniqueName,
  type TestDatabase,
} from './support/infra';
import { waitFor } from './support/waitFor';

describe('NatsBroker consumers on a JetStream server', async () => {
  const available = await natsAvailable();
  describe.skipIf(!available)('(shared server)', () => {
    let t: TestDatabase;
    let broker: NatsBroker;
    let prefix: string;
    let stream: string;
    beforeEach(async () => {
      t = await sqliteDatabase();
      prefix = uniqueName('evt').toLowerCase();
      stream = uniqueName('STREAM');
      broker = new NatsBroker({
        servers: NATS_URL,
        stream,
        eventPrefix: prefix,
        retryBackoff: { baseMs: 20, maxMs: 100 },
      });
      await broker.connect();
    });
    afterEach(async () => {
      await broker.manager().streams.delete(stream);
      await broker.close();
      await t.destroy();
    });

    const message = (id: string, aggregateId = 'order-1'): OutgoingMessage => ({
      id,
      subject: `${prefix}.order.placed`,
      key: aggregateId,
      body: JSON.stringify({ id }),
      headers: { 'event-type': 'order.placed', 'aggregate-id': aggregateId },
    });

    it('retries a failed message in place, so a later message of its aggregate never overtakes it (A, A, A, B)', async () => {
      const handled: Array<[string, number]> = [];
      const name = uniqueName('billing');
      const consumer = createIdempotentConsumer({
        db: t.db,
        broker,
        name,
        subjects: [`${prefix}.>`],
        maxAttempts: 5,
        handle: async msg => {
          handled.push([msg.id, msg.deliveryAttempt]);
          if (msg.id === 'A' && msg.deliveryAttempt < 3) {
            throw new Error('not yet');
          }
        },
      });
      await broker.publish(message('A'));
      await broker.publish(message('B'));
      await consumer.start();
      await waitFor('B', () => handled.some(([id]) => id === 'B'));
      await consumer.stop();
      expect(handled).toEqual([
        ['A', 1],
        ['A', 2],
        ['A', 3],
        ['B', 1],
      ]);
      const info = await broker.manager().consumers.info(stream, name);
      // Retried in the process, not redelivered by the server.
      expect(info.num_redelivered).toBe(0);
      expect(info.num_ack_pending).toBe(0);
      expect(info.num_pending).toBe(0);
    });

    it('sets max_deliver and backoff on the JetStream consumer, also on one created without them', async () => {
      const name = uniqueName('billing');
      // As the previous version created it.
      await broker.manager().consumers.add(stream, {
        durable_name: name,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        ack_wait: nanos(30_000),
        filter_subject: `${prefix}.>`,
      });
      const consumer = createIdempotentConsumer({
        db: t.db,
        broker,
        name,
        subjects: [`${prefix}.>`],
        maxAttempts: 4,
        handle: async () => undefined,
      });
      await consumer.start();
      await waitFor('the consumer update', async () => {
        const info = await broker.manager().consumers.info(stream, name);
        return info.config.max_deliver !== -1;
      });
      await consumer.stop();
      const { config } = await broker.manager().consumers.info(stream, name);
      expect(config.max_deliver).toBe(9);
      expect(config.backoff?.length).toBeGreaterThan(0);
      expect(config.backoff!.length).toBeLessThan(9);
      // Redeliveries after a crash: first after ack_wait, then further apart.
      expect(config.backoff![0]).toBe(nanos(30_000));
      expect(config.backoff!.at(-1)).toBeGreaterThan(config.backoff![0]!);
    });

    it('keeps the ack of a message pending while its handler runs longer than ack_wait: no redelivery', async () => {
      await broker.close();
      broker = new NatsBroker({
        servers: NATS_URL,
        stream,
        eventPrefix: prefix,
        ackWaitMs: 1_000,
      });
      await broker.connect();
      const handled: Array<[string, number]> = [];
      const durable = uniqueName('slow');
      const sub = await broker.subscribe(
        [`${prefix}.>`],
        async m => {
          handled.push([m.id, m.deliveryAttempt]);
          if (m.id === 'A') await new Promise(r => setTimeout(r, 2_500));
        },
        { durableName: durable },
      );
      await broker.publish(message('A'));
      await broker.publish(message('B'));
      await waitFor('B', () => handled.some(([id]) => id === 'B'));
      // A redelivery would come after ack_wait (1 s): give it the time.
      await new Promise(r => setTimeout(r, 1_500));
      await sub.stop();
      expect(handled).toEqual([
        ['A', 1],
        ['B', 1],
      ]);
      const info = await broker.manager().consumers.info(stream, durable);
      expect(info.num_redelivered).toBe(0);
    });

    it('handles a message that a subscriber which died left unacknowledged before the later ones', async () => {
      await broker.close();
      broker = new NatsBroker({
        servers: NATS_URL,
        stream,
        eventPrefix: prefix,
        ackWaitMs: 2_000,
      });
      await broker.connect();
      const durable = uniqueName('projection');
      let sub = await broker.subscribe([`${prefix}.>`], async () => undefined, {
        durableName: durable,
      });
      await sub.stop();
      await broker.publish(message('A'));
      // Another process takes A and dies before acknowledging it.
      const nc = await connect({ servers: NATS_URL });
      const { jetstream } = await import('@nats-io/jetstream');
      const taken = await (
        await jetstream(nc).consumers.get(stream, durable)
      ).next({ expires: 2_000 });
      expect(taken?.seq).toBe(1);
      await nc.close();
      await broker.publish(message('B'));

      const handled: Array<[string, number]> = [];
      sub = await broker.subscribe(
        [`${prefix}.>`],
        async m => void handled.push([m.id, m.deliveryAttempt]),
        { durableName: durable },
      );
      await waitFor('B', () => handled.some(([id]) => id === 'B'));
      await sub.stop();
      expect(handled).toEqual([
        ['A', 2],
        ['B', 1],
      ]);
    });

    it('parks a message that keeps failing with its inbox row; the stream moves on', async () => {
      const name = uniqueName('billing');
      const handled: string[] = [];
      const consumer = createIdempotentConsumer({
        db: t.db,
        broker,
        name,
        subjects: [`${prefix}.>`],
        maxAttempts: 3,
        handle: async msg => {
          handled.push(msg.id);
          if (msg.id === 'bad') throw new Error('poison');
        },
      });
      await consumer.start();
      await broker.publish(message('bad'));
      await broker.publish(message('good'));
      await waitFor('good', () => handled.includes('good'));
      await consumer.stop();
      expect(handled).toEqual(['bad', 'bad', 'bad', 'good']);
      expect(
        await t.db('dead_letter').select('message_id', 'attempts'),
      ).toEqual([{ message_id: 'bad', attempts: 3 }]);
      expect(
        (await t.db('inbox').select('message_id').orderBy('message_id')).map(
          r => r.message_id,
        ),
      ).toEqual(['bad', 'good']);
      const info = await broker.manager().consumers.info(stream, name);
      expect(info.num_ack_pending).toBe(0);
      expect(info.num_pending).toBe(0);
    });
  });
});

describe('NatsBroker stream settings', async () => {
  const available = await natsAvailable();
  describe.skipIf(!available)('(shared server)', () => {
    let nc: NatsConnection;
    let broker: NatsBroker | undefined;
    let stream: string;
    beforeEach(async () => {
      nc = await connect({ servers: NATS_URL });
      stream = uniqueName('STREAM');
    });
    afterEach(async () => {
      const { jetstreamManager } = await import('@nats-io/jetstream');
      await (await jetstreamManager(nc)).streams.delete(stream);
      await broker?.close();
      await nc.close();
    });

    it('updates the duplicate window of an existing stream to the configured one (default 10 min)', async () => {
      const { jetstreamManager } = await import('@nats-io/jetstream');
      const jsm = await jetstreamManager(nc);
      const prefix = uniqueName('evt').toLowerCase();
      await jsm.streams.add({
        name: stream,
        subjects: [`${prefix}.>`],
        duplicate_window: nanos(120_000),
      });
      broker = new NatsBroker({
        servers: NATS_URL,
        stream,
        eventPrefix: prefix,
      });
      await broker.connect();
      expect((await jsm.streams.info(stream)).config.duplicate_window).toBe(
        nanos(600_000),
      );
      await broker.close();
      broker = new NatsBroker({
        servers: NATS_URL,
        stream,
        eventPrefix: prefix,
        duplicateWindowMs: 900_000,
      });
      await broker.connect();
      expect((await jsm.streams.info(stream)).config.duplicate_window).toBe(
        nanos(900_000),
      );
    });
  });
});
