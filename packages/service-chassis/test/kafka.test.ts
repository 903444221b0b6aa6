import { afterEach, describe, expect, it, vi } from 'vitest';
import { createBroker } from '../src/messaging/createBroker';
import {
  KafkaBroker,
  kafkaDestination,
  topicMayHold,
  type KafkaAdminLike,
  type KafkaClientLike,
  type KafkaConsumedRecord,
  type KafkaConsumerLike,
  type KafkaMessageStreamLike,
  type KafkaProducerLike,
  type KafkaRecordToSend,
} from '../src/messaging/kafka';
import {
  BrokerNotConnectedError,
  type IncomingMessage,
  type OutgoingMessage,
} from '../src/messaging/types';

/** An outbox event as the relay hands it over. */
const event = (
  id: string,
  eventType = 'order.placed',
  aggregateId = 'order-1',
  aggregateType = 'order',
  prefix = 'orders',
): OutgoingMessage => ({
  id,
  subject: `${prefix}.${eventType}`,
  key: aggregateId,
  body: JSON.stringify({ id }),
  headers: {
    traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    'event-type': eventType,
    'aggregate-type': aggregateType,
    'aggregate-id': aggregateId,
  },
});

/** A consumer stream fed by the test. */
class FakeStream implements KafkaMessageStreamLike {
  private readonly queue: KafkaConsumedRecord[] = [];
  private wake: (() => void) | undefined;
  closed = false;

  constructor(readonly topics: string[]) {}

  push(record: KafkaConsumedRecord): void {
    this.queue.push(record);
    this.wake?.();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<KafkaConsumedRecord> {
    while (!this.closed) {
      const next = this.queue.shift();
      if (next) {
        yield next;
        continue;
      }
      await new Promise<void>(resolve => (this.wake = resolve));
      this.wake = undefined;
    }
  }
}

/** Fakes of @platformatic/kafka's clients that record what the broker asks of them. */
class FakeKafka implements KafkaClientLike {
  topics: string[] = [];
  producerOptions: unknown[] = [];
  consumerOptions: Array<{ groupId: string }> = [];
  consumeOptions: unknown[] = [];
  sent: Array<{
    messages: KafkaRecordToSend[];
    idempotent?: boolean;
    acks?: number;
  }> = [];
  metadataCalls = 0;
  commits: Array<{ topic: string; partition: number; offset: bigint }> = [];
  streams: FakeStream[] = [];
  events: string[] = [];
  /** Kafka is down: requests fail, no connection. */
  down = false;
  /** Kafka does not answer: requests hang. */
  hanging = false;

  producer(options: {
    idempotent: true;
    acks: -1;
    retries: number;
  }): KafkaProducerLike {
    this.producerOptions.push(options);
    return {
      send: async options => {
        if (this.down) throw new Error('connection refused');
        this.sent.push(options);
        return {};
      },
      metadata: async () => {
        this.metadataCalls++;
        if (this.hanging) await new Promise(() => undefined);
        if (this.down) throw new Error('connection refused');
        return {};
      },
      isConnected: () => !this.down,
      close: async () => void this.events.push('producer.close'),
    };
  }

  consumer(options: { groupId: string }): KafkaConsumerLike {
    this.consumerOptions.push(options);
    return {
      consume: async options => {
        this.consumeOptions.push(options);
        this.events.push(`consume ${options.topics.join(',')}`);
        const stream = new FakeStream(options.topics);
        this.streams.push(stream);
        return stream;
      },
      close: async () => void this.events.push('consumer.close'),
    };
  }

  admin(): KafkaAdminLike {
    return {
      listTopics: async () => {
        if (this.down) throw new Error('connection refused');
        return [...this.topics];
      },
      close: async () => undefined,
    };
  }

  /** Hands a record to the last stream, as the consumer would. */
  deliver(
    topic: string,
    partition: number,
    offset: bigint,
    headers: Record<string, string>,
    value = '{"ok":true}',
  ): void {
    const commits = this.commits;
    this.streams.at(-1)!.push({
      topic,
      partition,
      offset,
      key: headers['aggregate-id'],
      value,
      headers: new Map(Object.entries(headers)),
      commit: async () => void commits.push({ topic, partition, offset }),
    });
  }
}

/** The headers the broker puts on the record of `event(...)`. */
const recordHeaders = (m: OutgoingMessage): Record<string, string> => ({
  ...m.headers,
  'message-subject': m.subject,
  'message-id': m.id,
});

const brokers: KafkaBroker[] = [];
function kafkaBroker(
  fake: FakeKafka,
  options: Partial<ConstructorParameters<typeof KafkaBroker>[0]> = {},
) {
  const broker = new KafkaBroker({
    brokers: ['k:9092'],
    clientId: 'orders',
    eventPrefix: 'orders',
    client: fake,
    redeliveryDelayMs: 0,
    ...options,
  });
  brokers.push(broker);
  return broker;
}

afterEach(async () => {
  for (const broker of brokers.splice(0)) await broker.close();
});

describe('Kafka topic convention (topic per aggregate type, key = aggregate id)', () => {
  it('sends an event to <prefix>.<aggregate type>, keyed by the aggregate id', () => {
    expect(kafkaDestination(event('1', 'order.placed'), 'orders')).toEqual({
      topic: 'orders.order',
      key: 'order-1',
      eventType: 'order.placed',
    });
    // Nothing is assumed of the event type's name.
    expect(
      kafkaDestination(
        event('2', 'shipment.booked', 'order-1', 'order'),
        'orders',
      ),
    ).toEqual({
      topic: 'orders.order',
      key: 'order-1',
      eventType: 'shipment.booked',
    });
    // A replayed dead letter of another service goes back to that service's topic.
    expect(
      kafkaDestination(
        event('3', 'payment.taken', 'pay-9', 'payment', 'payments'),
        'orders',
      ),
    ).toEqual({
      topic: 'payments.payment',
      key: 'pay-9',
      eventType: 'payment.taken',
    });
    const noAggregateType = event('4');
    delete noAggregateType.headers['aggregate-type'];
    expect(() => kafkaDestination(noAggregateType, 'orders')).toThrow(
      /aggregate-type/,
    );
  });

  it.each([
    ['orders.order.*', 'orders.order', true],
    ['orders.order.*', 'orders.payment', true],
    ['orders.>', 'orders.payment', true],
    ['orders.order.placed', 'orders.shipment', true],
    ['*.order.placed', 'billing.invoice', true],
    ['>', 'orders.order', true],
    ['orders.order.*', 'billing.invoice', false],
    ['orders.order.*', 'orders', false],
    ['orders', 'orders.order', false],
    ['acme.orders.order.*', 'acme.orders.order', true],
    ['acme.orders.order.*', 'acme.billing.invoice', true],
    ['acme.orders.order.*', 'other.orders', false],
  ])(
    'pattern %s may match messages of topic %s: %s',
    (pattern, topic, expected) => {
      expect(topicMayHold(pattern, topic)).toBe(expected);
    },
  );
});

describe('KafkaBroker (fake @platformatic/kafka client)', () => {
  it('publishes with an idempotent producer to the aggregate type topic, the aggregate id as key', async () => {
    const fake = new FakeKafka();
    const broker = kafkaBroker(fake);
    await expect(broker.publish(event('m-0'))).rejects.toBeInstanceOf(
      BrokerNotConnectedError,
    );
    await broker.connect();
    expect(fake.producerOptions).toEqual([
      { idempotent: true, acks: -1, retries: 5 },
    ]);
    await broker.publish(event('m-1', 'order.placed'));
    await broker.publish(event('m-2', 'order.shipped'));
    await broker.publish(event('m-3', 'order.placed', 'order-2'));
    expect(fake.sent.map(s => [s.idempotent, s.acks])).toEqual([
      [true, -1],
      [true, -1],
      [true, -1],
    ]);
    const records = fake.sent.flatMap(s => s.messages);
    // One aggregate's events of different types: same topic, same key, so one partition.
    expect(records.map(r => [r.topic, r.key, r.headers['event-type']])).toEqual(
      [
        ['orders.order', 'order-1', 'order.placed'],
        ['orders.order', 'order-1', 'order.shipped'],
        ['orders.order', 'order-2', 'order.placed'],
      ],
    );
    expect(records[0]).toEqual({
      topic: 'orders.order',
      key: 'order-1',
      value: JSON.stringify({ id: 'm-1' }),
      headers: recordHeaders(event('m-1')),
    });
    await broker.close();
    expect(fake.events).toEqual(['producer.close']);
    await expect(broker.publish(event('m-4'))).rejects.toThrow(/not connected/);
  });

  it('consumes the topics the patterns may match, in a group per durable name, and filters on the event type', async () => {
    const fake = new FakeKafka();
    fake.topics = [
      'orders.order',
      'orders.payment',
      'billing.invoice',
      '__consumer_offsets',
    ];
    const broker = kafkaBroker(fake);
    const received: IncomingMessage[] = [];
    const sub = await broker.subscribe(
      ['orders.order.placed', 'orders.payment.*'],
      async m => void received.push(m),
      { durableName: 'billing' },
    );
    expect(fake.consumerOptions).toEqual([{ groupId: 'billing' }]);
    expect(fake.consumeOptions).toEqual([
      {
        topics: ['orders.order', 'orders.payment'],
        autocommit: false,
        mode: 'committed',
        fallbackMode: 'earliest',
      },
    ]);

    const placed = event('m-1', 'order.placed');
    const shipped = event('m-2', 'order.shipped');
    const taken = event('m-3', 'payment.taken', 'pay-1', 'payment');
    fake.deliver('orders.order', 0, 10n, recordHeaders(placed));
    fake.deliver('orders.order', 0, 11n, recordHeaders(shipped));
    fake.deliver('orders.payment', 1, 5n, recordHeaders(taken));
    await vi.waitFor(() => expect(fake.commits).toHaveLength(3));
    // order.shipped matches no pattern: committed without calling the handler.
    expect(received.map(m => [m.id, m.subject, m.deliveryAttempt])).toEqual([
      ['m-1', 'orders.order.placed', 1],
      ['m-3', 'orders.payment.taken', 1],
    ]);
    expect(received[0]).toEqual({
      id: 'm-1',
      subject: 'orders.order.placed',
      body: '{"ok":true}',
      headers: placed.headers,
      deliveryAttempt: 1,
    });
    expect(fake.commits).toEqual([
      { topic: 'orders.order', partition: 0, offset: 10n },
      { topic: 'orders.order', partition: 0, offset: 11n },
      { topic: 'orders.payment', partition: 1, offset: 5n },
    ]);
    await sub.stop();
    expect(fake.streams[0]!.closed).toBe(true);
    expect(fake.events).toEqual([
      'consume orders.order,orders.payment',
      'consumer.close',
    ]);
  });

  it('reads the subject from the event-type header when the record has no message-subject', async () => {
    const fake = new FakeKafka();
    fake.topics = ['orders.order'];
    const broker = kafkaBroker(fake);
    const received: IncomingMessage[] = [];
    await broker.subscribe(
      ['orders.order.*'],
      async m => void received.push(m),
      {
        durableName: 'audit',
      },
    );
    const { 'message-subject': _subject, ...headers } = recordHeaders(
      event('m-1'),
    );
    fake.deliver('orders.order', 0, 1n, headers);
    fake.deliver('orders.order', 0, 2n, {});
    await vi.waitFor(() => expect(fake.commits).toHaveLength(2));
    expect(received.map(m => [m.id, m.subject])).toEqual([
      ['m-1', 'orders.order.placed'],
    ]);
  });

  it('hands a failed message over again before any later one of its partition, and commits only after success', async () => {
    const fake = new FakeKafka();
    fake.topics = ['orders.order'];
    const broker = kafkaBroker(fake);
    const received: IncomingMessage[] = [];
    const commitsSeenByHandler: number[] = [];
    let failuresLeft = 2;
    await broker.subscribe(
      ['orders.order.*'],
      async m => {
        received.push(m);
        commitsSeenByHandler.push(fake.commits.length);
        if (m.id === 'm-7' && failuresLeft-- > 0) throw new Error('try again');
      },
      { durableName: 'billing' },
    );
    fake.deliver(
      'orders.order',
      3,
      41n,
      recordHeaders(event('m-7', 'order.placed')),
    );
    fake.deliver(
      'orders.order',
      3,
      42n,
      recordHeaders(event('m-8', 'order.shipped')),
    );
    await vi.waitFor(() => expect(fake.commits).toHaveLength(2));
    expect(received.map(m => [m.id, m.deliveryAttempt])).toEqual([
      ['m-7', 1],
      ['m-7', 2],
      ['m-7', 3],
      ['m-8', 1],
    ]);
    // Nothing was committed while the handler had not succeeded.
    expect(commitsSeenByHandler).toEqual([0, 0, 0, 1]);
    expect(fake.commits).toEqual([
      { topic: 'orders.order', partition: 3, offset: 41n },
      { topic: 'orders.order', partition: 3, offset: 42n },
    ]);
  });

  it('leaves a failing message uncommitted when the subscription stops', async () => {
    const fake = new FakeKafka();
    fake.topics = ['orders.order'];
    const broker = kafkaBroker(fake, { redeliveryDelayMs: 10 });
    let attempts = 0;
    const sub = await broker.subscribe(
      ['orders.>'],
      async () => {
        attempts++;
        throw new Error('down');
      },
      { durableName: 'billing' },
    );
    fake.deliver('orders.order', 0, 1n, recordHeaders(event('m-1')));
    await vi.waitFor(() => expect(attempts).toBeGreaterThanOrEqual(2));
    await sub.stop();
    expect(fake.commits).toEqual([]);
    expect(fake.events.at(-1)).toBe('consumer.close');
  });

  it('waits for a topic its subjects may match, and takes in topics created later', async () => {
    const fake = new FakeKafka();
    const broker = kafkaBroker(fake, { topicRefreshMs: 20 });
    const received: string[] = [];
    await broker.subscribe(['orders.>'], async m => void received.push(m.id), {
      durableName: 'audit',
    });
    expect(fake.consumerOptions).toEqual([]);
    fake.topics = ['orders.order'];
    await vi.waitFor(() => expect(fake.streams).toHaveLength(1));
    fake.deliver('orders.order', 0, 1n, recordHeaders(event('m-1')));
    await vi.waitFor(() => expect(received).toEqual(['m-1']));

    fake.topics = ['orders.order', 'orders.payment'];
    await vi.waitFor(() => expect(fake.streams).toHaveLength(2));
    expect(fake.streams[0]!.closed).toBe(true);
    expect(fake.streams[1]!.topics).toEqual(['orders.order', 'orders.payment']);
    expect(fake.consumerOptions).toEqual([
      { groupId: 'audit' },
      { groupId: 'audit' },
    ]);
    fake.deliver(
      'orders.payment',
      0,
      1n,
      recordHeaders(event('m-2', 'payment.taken', 'p-1', 'payment')),
    );
    await vi.waitFor(() => expect(received).toEqual(['m-1', 'm-2']));
    expect(fake.events.slice(0, 3)).toEqual([
      'consume orders.order',
      'consumer.close',
      'consume orders.order,orders.payment',
    ]);
  });

  it('is healthy only while connected and a metadata request is answered in time', async () => {
    const fake = new FakeKafka();
    const broker = kafkaBroker(fake, { healthTimeoutMs: 50 });
    expect(await broker.healthy()).toBe(false);
    await broker.connect();
    expect(await broker.healthy()).toBe(true);
    const calls = fake.metadataCalls;
    fake.down = true;
    expect(await broker.healthy()).toBe(false);
    expect(fake.metadataCalls).toBe(calls + 1);
    fake.down = false;
    expect(await broker.healthy()).toBe(true);
    fake.hanging = true;
    const started = Date.now();
    expect(await broker.healthy()).toBe(false);
    expect(Date.now() - started).toBeLessThan(1_000);
    fake.hanging = false;
    expect(await broker.healthy()).toBe(true);
    await broker.close();
    expect(await broker.healthy()).toBe(false);
  });

  it('connects while Kafka is down and becomes healthy when it comes', async () => {
    const fake = new FakeKafka();
    fake.down = true;
    const broker = kafkaBroker(fake);
    await broker.connect();
    expect(await broker.healthy()).toBe(false);
    await expect(broker.publish(event('m-1'))).rejects.toThrow(/refused/);
    fake.down = false;
    expect(await broker.healthy()).toBe(true);
    await broker.publish(event('m-1'));
    expect(fake.sent).toHaveLength(1);
  });

  it('subscribes while Kafka is down and starts consuming when it comes', async () => {
    const fake = new FakeKafka();
    fake.down = true;
    fake.topics = ['orders.order'];
    const broker = kafkaBroker(fake);
    const received: string[] = [];
    await broker.subscribe(['orders.>'], async m => void received.push(m.id), {
      durableName: 'audit',
    });
    expect(fake.streams).toHaveLength(0);
    fake.down = false;
    await vi.waitFor(() => expect(fake.streams).toHaveLength(1), {
      timeout: 3_000,
    });
    fake.deliver('orders.order', 0, 1n, recordHeaders(event('m-1')));
    await vi.waitFor(() => expect(received).toEqual(['m-1']));
  });

  it('is built by createBroker with the event prefix', () => {
    const broker = createBroker({
      broker: {
        kind: 'kafka',
        brokers: ['127.0.0.1:9092'],
        clientId: 'orders',
      },
      eventPrefix: 'shop',
    });
    expect(broker).toBeInstanceOf(KafkaBroker);
    expect(
      (broker as unknown as { options: { eventPrefix: string } }).options
        .eventPrefix,
    ).toBe('shop');
  });
});
