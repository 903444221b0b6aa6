import {
  Admin,
  Consumer,
  Producer,
  stringDeserializers,
  stringSerializers,
} from '@platformatic/kafka';
import pino, { type Logger } from 'pino';
import { subjectMatches } from './subjects';
import {
  BrokerNotConnectedError,
  type Broker,
  type IncomingMessage,
  type MessageHandler,
  type OutgoingMessage,
  type SubscribeOptions,
  type Subscription,
} from './types';

/** A record as the broker hands it to the producer (string key, value and headers). */
export interface KafkaRecordToSend {
  topic: string;
  key: string;
  value: string;
  headers: Record<string, string>;
}

/** A consumed record as the consumer stream yields it. */
export interface KafkaConsumedRecord {
  topic: string;
  partition: number;
  offset: bigint;
  key: string | undefined;
  value: string | undefined;
  headers: Map<string, string>;
  /** Commits this record's offset (the next one to read) for the group. */
  commit(): void | Promise<void>;
}

/** The parts of @platformatic/kafka's clients the broker uses (a test injects fakes of them). */
export interface KafkaProducerLike {
  send(options: {
    messages: KafkaRecordToSend[];
    idempotent?: boolean;
    acks?: number;
  }): Promise<unknown>;
  metadata(options: {
    topics: string[];
    forceUpdate?: boolean;
    retries?: number;
  }): Promise<unknown>;
  isConnected(): boolean;
  close(): Promise<void>;
}
export interface KafkaMessageStreamLike
  extends AsyncIterable<KafkaConsumedRecord> {
  close(): Promise<void>;
}
export interface KafkaConsumerLike {
  consume(options: {
    topics: string[];
    autocommit: false;
    mode: 'committed';
    fallbackMode: 'earliest';
  }): Promise<KafkaMessageStreamLike>;
  close(force?: boolean): Promise<void>;
}
export interface KafkaAdminLike {
  listTopics(): Promise<string[]>;
  close(): Promise<void>;
}
export interface KafkaClientLike {
  producer(options: {
    idempotent: true;
    acks: -1;
    retries: number;
  }): KafkaProducerLike;
  consumer(options: { groupId: string }): KafkaConsumerLike;
  admin(): KafkaAdminLike;
}

export interface KafkaBrokerOptions {
  brokers: string[];
  clientId: string;
  /**
   * This service's event prefix: a message's subject is `<eventPrefix>.<event
   * type>`, its topic `<eventPrefix>.<aggregate type>`.
   */
  eventPrefix: string;
  /** Injected client (tests); default @platformatic/kafka clients for `brokers`. */
  client?: KafkaClientLike;
  /** Wait before a failed message is handed to the handler again (default 1 s). */
  redeliveryDelayMs?: number;
  /** How often a subscription looks for new topics its subjects may match (default 30 s). */
  topicRefreshMs?: number;
  /** How long healthy() waits for the metadata request (default 2 s). */
  healthTimeoutMs?: number;
  logger?: Logger;
}

/** The header carrying the message id (the outbox row id) on Kafka. */
export const MESSAGE_ID_HEADER = 'message-id';
/** The header carrying the message's subject (`<prefix>.<event type>`) on Kafka. */
export const SUBJECT_HEADER = 'message-subject';
const EVENT_TYPE_HEADER = 'event-type';
/** Attempts of a send after the first (1 s apart, the client's default delay). */
const PRODUCER_RETRIES = 5;
const AGGREGATE_TYPE_HEADER = 'aggregate-type';
const AGGREGATE_ID_HEADER = 'aggregate-id';

const errorText = (error: unknown) =>
  error instanceof Error ? error.message : String(error);

/** Resolves after `ms`, or at once when `signal` aborts. */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.resolve();
  return new Promise(resolve => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Rejects when `promise` takes longer than `ms`. */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Where a message goes on Kafka: topic `<prefix>.<aggregate type>` (the
 * prefix read off the subject `<prefix>.<event type>`, else `eventPrefix`:
 * a replayed dead letter of another service goes back to that service's
 * topic), key the aggregate id, the event type in the `event-type` header.
 */
export function kafkaDestination(
  message: OutgoingMessage,
  eventPrefix: string,
): { topic: string; key: string; eventType: string } {
  const { subject, headers } = message;
  const eventType =
    headers[EVENT_TYPE_HEADER] ??
    (subject.startsWith(`${eventPrefix}.`)
      ? subject.slice(eventPrefix.length + 1)
      : subject);
  const prefix =
    subject.length > eventType.length + 1 && subject.endsWith(`.${eventType}`)
      ? subject.slice(0, -(eventType.length + 1))
      : eventPrefix;
  const aggregateType = headers[AGGREGATE_TYPE_HEADER];
  if (!aggregateType) {
    throw new Error(
      `Kafka needs the ${AGGREGATE_TYPE_HEADER} header to choose the topic of ${subject}`,
    );
  }
  return {
    topic: `${prefix}.${aggregateType}`,
    key: message.key || headers[AGGREGATE_ID_HEADER] || '',
    eventType,
  };
}

/**
 * Whether topic `<prefix>.<aggregate type>` may hold messages whose subject
 * `<prefix>.<event type>` matches `pattern`: some leading part of the topic
 * name (its prefix, one or more tokens, at least one token left for the
 * aggregate type) is one the pattern can begin with, the pattern having a
 * token left for the event type. Nothing is assumed of how aggregate types
 * and event types relate: messages are filtered on their subject after.
 */
export function topicMayHold(pattern: string, topic: string): boolean {
  const p = pattern.split('.');
  const t = topic.split('.');
  for (let k = 1; k < t.length; k++) {
    if (prefixAdmitted(p, t.slice(0, k))) return true;
  }
  return false;
}

function prefixAdmitted(pattern: string[], prefix: string[]): boolean {
  for (let i = 0; i < prefix.length; i++) {
    const token = pattern[i];
    if (token === undefined) return false;
    if (token === '>') return true;
    if (token !== '*' && token !== prefix[i]) return false;
  }
  return pattern.length > prefix.length;
}

interface KafkaSubscription {
  readonly subjects: string[];
  readonly handler: MessageHandler;
  readonly groupId: string;
  readonly stopping: AbortController;
  topics: string[];
  consumer: KafkaConsumerLike | undefined;
  stream: KafkaMessageStreamLike | undefined;
  /** A message is with the handler (or being committed). */
  busy: boolean;
  /** New topics were found: consume again with them once the message in hand is done. */
  resubscribe: boolean;
  loop: Promise<void>;
}

/**
 * Kafka through @platformatic/kafka, following Debezium's outbox event
 * router convention:
 *
 * - Topics: one per aggregate type, `<prefix>.<aggregate type>` (the relay's
 *   `aggregate-type` header; the prefix is the subject's, `eventPrefix` by
 *   default), key = the aggregate id, the event type in the `event-type`
 *   header and the whole subject in `message-subject`. One aggregate's
 *   events share a partition, so they keep their order across event types.
 *   The producer is idempotent, acks from all in-sync replicas.
 * - Subscriptions are by subject patterns (`orders.order.*`, `orders.>`):
 *   they consume every existing topic whose prefix the pattern can begin
 *   with (see topicMayHold: no relation between aggregate type and event
 *   type is assumed), and hand over only the messages whose subject matches
 *   a pattern; the others are committed without calling the handler. The
 *   limit: a subscription reads, and discards, every event of the prefix's
 *   topics it may match, and a topic created after subscribe is consumed
 *   only from the next topic refresh (`topicRefreshMs`, by a new consumer
 *   of the same group, from the committed offsets). Until a candidate topic
 *   exists the subscription waits for one.
 * - One consumer group per durable name, manual commits, messages in
 *   partition order, one at a time. A failed message is handed to the
 *   handler again (deliveryAttempt + 1) before any later one, and its offset
 *   is committed only once the handler succeeded; the idempotent consumer
 *   parks a poison message after its max attempts. (`maxDeliver` is not
 *   enforced by Kafka: the group redelivers from the last commit.)
 * - healthy(): connect() was called, a metadata request (no topics) is
 *   answered within `healthTimeoutMs`, and the client's connections are up.
 *   connect() and subscribe() do not fail when Kafka is down: the producer
 *   connects on its next request (a send fails after PRODUCER_RETRIES),
 *   healthy() says false meanwhile, and a subscription keeps trying.
 */
export class KafkaBroker implements Broker {
  readonly kind = 'kafka' as const;
  private readonly client: KafkaClientLike;
  private readonly logger: Logger;
  private producer: KafkaProducerLike | undefined;
  private readonly subscriptions = new Set<KafkaSubscription>();

  constructor(private readonly options: KafkaBrokerOptions) {
    this.logger = options.logger ?? pino({ level: 'silent' });
    this.client = options.client ?? platformaticClient(options);
  }

  async connect(): Promise<void> {
    if (this.producer) return;
    // One idempotent producer (one request in flight): the broker
    // de-duplicates its retries and keeps their order per partition. The
    // client retries an idempotent send forever unless told otherwise: a
    // send fails after PRODUCER_RETRIES instead, so the outbox relay backs
    // off and publishes the row again (consumers drop copies by message id).
    const producer = this.client.producer({
      idempotent: true,
      acks: -1,
      retries: PRODUCER_RETRIES,
    });
    this.producer = producer;
    try {
      await withTimeout(
        producer.metadata({ topics: [], forceUpdate: true, retries: 0 }),
        this.options.healthTimeoutMs ?? 2_000,
      );
    } catch (error) {
      this.logger.warn(
        { brokers: this.options.brokers, error: errorText(error) },
        'Kafka is not reachable yet; the client connects on its next request',
      );
    }
  }

  async publish(message: OutgoingMessage): Promise<void> {
    const producer = this.producer;
    if (!producer) {
      throw new BrokerNotConnectedError('Kafka broker is not connected');
    }
    const { topic, key, eventType } = kafkaDestination(
      message,
      this.options.eventPrefix,
    );
    await producer.send({
      messages: [
        {
          topic,
          key,
          value: message.body,
          headers: {
            ...message.headers,
            [EVENT_TYPE_HEADER]: eventType,
            [SUBJECT_HEADER]: message.subject,
            [MESSAGE_ID_HEADER]: message.id,
          },
        },
      ],
      idempotent: true,
      acks: -1,
    });
  }

  async subscribe(
    subjects: string[],
    handler: MessageHandler,
    options: SubscribeOptions,
  ): Promise<Subscription> {
    const sub: KafkaSubscription = {
      subjects,
      handler,
      groupId: options.durableName,
      stopping: new AbortController(),
      topics: [],
      consumer: undefined,
      stream: undefined,
      busy: false,
      resubscribe: false,
      loop: Promise.resolve(),
    };
    // The first attempt is made here; while Kafka is down, the loop retries.
    try {
      await this.start(sub);
    } catch (error) {
      this.logger.warn(
        { durableName: sub.groupId, error: errorText(error) },
        'Kafka consumer not started yet; trying again',
      );
    }
    this.subscriptions.add(sub);
    sub.loop = this.consume(sub);
    const subscription: Subscription = {
      stop: async () => {
        this.subscriptions.delete(sub);
        await this.stop(sub);
      },
    };
    return subscription;
  }

  /** The existing topics that may hold messages for `subjects`, sorted. */
  private async candidateTopics(subjects: string[]): Promise<string[]> {
    const admin = this.client.admin();
    try {
      const topics = await admin.listTopics();
      return topics
        .filter(t => !t.startsWith('__'))
        .filter(t => subjects.some(s => topicMayHold(s, t)))
        .sort();
    } finally {
      await admin.close().catch(() => undefined);
    }
  }

  /** Finds the candidate topics and, when there are any, a consumer and stream for them. */
  private async start(sub: KafkaSubscription): Promise<void> {
    const topics = await this.candidateTopics(sub.subjects);
    sub.topics = topics;
    if (topics.length === 0) {
      this.logger.warn(
        { subjects: sub.subjects, durableName: sub.groupId },
        'no Kafka topic may hold these subjects yet; waiting for one',
      );
      return;
    }
    const consumer = this.client.consumer({ groupId: sub.groupId });
    try {
      sub.stream = await consumer.consume({
        topics,
        autocommit: false,
        // From the group's committed offsets; a new group from the beginning.
        mode: 'committed',
        fallbackMode: 'earliest',
      });
      sub.consumer = consumer;
    } catch (error) {
      await consumer.close(true).catch(() => undefined);
      throw error;
    }
  }

  /** Closes the subscription's stream and consumer (leaving the group). */
  private async release(sub: KafkaSubscription): Promise<void> {
    const { stream, consumer } = sub;
    sub.stream = undefined;
    sub.consumer = undefined;
    await stream?.close().catch(() => undefined);
    await consumer?.close().catch(() => undefined);
  }

  private async stop(sub: KafkaSubscription): Promise<void> {
    sub.stopping.abort();
    // Not while a message is in hand: it is committed (or given up) first.
    if (!sub.busy) await sub.stream?.close().catch(() => undefined);
    await sub.loop;
    await this.release(sub);
  }

  /** The subscription's loop: reads its stream, looks for new topics, starts again after failures. */
  private async consume(sub: KafkaSubscription): Promise<void> {
    const signal = sub.stopping.signal;
    const refreshMs = this.options.topicRefreshMs ?? 30_000;
    let failures = 0;
    while (!signal.aborted) {
      try {
        if (!sub.stream) {
          await this.start(sub);
          if (!sub.stream) {
            await sleep(refreshMs, signal);
            continue;
          }
        }
        if (signal.aborted) break;
        const refresh = setInterval(() => void this.refresh(sub), refreshMs);
        try {
          await this.read(sub, sub.stream);
        } finally {
          clearInterval(refresh);
        }
        failures = 0;
        if (!signal.aborted) await this.release(sub);
      } catch (error) {
        if (signal.aborted) break;
        failures++;
        await this.release(sub);
        const delay = Math.min(5_000, 250 * 2 ** Math.min(failures - 1, 10));
        this.logger.warn(
          {
            durableName: sub.groupId,
            attempt: failures,
            retryInMs: delay,
            error: errorText(error),
          },
          'Kafka consumer failed; trying again',
        );
        await sleep(delay, signal);
      }
    }
  }

  /** Looks for new candidate topics: if there are, the stream ends and a new one takes them all. */
  private async refresh(sub: KafkaSubscription): Promise<void> {
    if (sub.stopping.signal.aborted || sub.resubscribe) return;
    try {
      const topics = await this.candidateTopics(sub.subjects);
      if (topics.join(',') === sub.topics.join(',')) return;
      this.logger.info(
        { durableName: sub.groupId, topics },
        'Kafka topics changed; consuming them all',
      );
      sub.resubscribe = true;
      if (!sub.busy) await sub.stream?.close().catch(() => undefined);
    } catch (error) {
      this.logger.warn(
        { durableName: sub.groupId, error: errorText(error) },
        'listing Kafka topics failed',
      );
    }
  }

  /** Handles the stream's messages in order until it ends, the subscription stops or topics changed. */
  private async read(
    sub: KafkaSubscription,
    stream: KafkaMessageStreamLike,
  ): Promise<void> {
    const signal = sub.stopping.signal;
    for await (const record of stream) {
      if (signal.aborted || sub.resubscribe) break;
      sub.busy = true;
      try {
        if (!(await this.handleInOrder(sub, record))) break;
      } finally {
        sub.busy = false;
      }
      if (sub.resubscribe) break;
    }
    sub.resubscribe = false;
  }

  /**
   * Hands `record` to the handler until it resolves, then commits it; a
   * record for other subjects is committed unhandled. False when the
   * subscription stopped first (not committed: the group delivers it again).
   */
  private async handleInOrder(
    sub: KafkaSubscription,
    record: KafkaConsumedRecord,
  ): Promise<boolean> {
    const signal = sub.stopping.signal;
    const headers = Object.fromEntries(record.headers);
    const id =
      headers[MESSAGE_ID_HEADER] ??
      `${record.topic}:${record.partition}:${record.offset}`;
    const subject = subjectOf(record.topic, headers);
    delete headers[MESSAGE_ID_HEADER];
    delete headers[SUBJECT_HEADER];
    if (!sub.subjects.some(p => subjectMatches(p, subject))) {
      await record.commit();
      return true;
    }
    const delayMs = this.options.redeliveryDelayMs ?? 1_000;
    for (let attempt = 1; ; attempt++) {
      if (signal.aborted) return false;
      const incoming: IncomingMessage = {
        id,
        subject,
        body: record.value ?? '',
        headers: { ...headers },
        deliveryAttempt: attempt,
      };
      try {
        await sub.handler(incoming);
        break;
      } catch (error) {
        if (signal.aborted) return false;
        this.logger.warn(
          {
            err: error,
            messageId: id,
            topic: record.topic,
            partition: record.partition,
            attempt,
          },
          'handler failed; the message is handed over again before any later one',
        );
        await sleep(delayMs, signal);
      }
    }
    await record.commit();
    return true;
  }

  /** Connected: a metadata request is answered within the timeout and the client's connections are up. */
  async healthy(): Promise<boolean> {
    const producer = this.producer;
    if (!producer) return false;
    try {
      // The request first: it makes the connection again if it was lost.
      await withTimeout(
        producer.metadata({ topics: [], forceUpdate: true, retries: 0 }),
        this.options.healthTimeoutMs ?? 2_000,
      );
      return producer.isConnected();
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    const subscriptions = [...this.subscriptions];
    this.subscriptions.clear();
    await Promise.all(subscriptions.map(sub => this.stop(sub)));
    const producer = this.producer;
    this.producer = undefined;
    await producer?.close();
  }
}

/** A consumed message's subject: its `message-subject` header, else `<topic prefix>.<event type>`, else the topic. */
function subjectOf(topic: string, headers: Record<string, string>): string {
  const subject = headers[SUBJECT_HEADER];
  if (subject) return subject;
  const eventType = headers[EVENT_TYPE_HEADER];
  const aggregateType = headers[AGGREGATE_TYPE_HEADER];
  if (eventType && aggregateType && topic.endsWith(`.${aggregateType}`)) {
    return `${topic.slice(0, -(aggregateType.length + 1))}.${eventType}`;
  }
  return topic;
}

/** @platformatic/kafka clients for `options.brokers`, with string keys, values and headers. */
function platformaticClient(options: KafkaBrokerOptions): KafkaClientLike {
  const base = {
    clientId: options.clientId,
    bootstrapBrokers: options.brokers,
  };
  return {
    producer: produce =>
      new Producer({ ...base, ...produce, serializers: stringSerializers }),

    consumer: ({ groupId }) =>
      new Consumer({
        ...base,
        groupId,
        deserializers: stringDeserializers,
      }),
    admin: () => new Admin(base),
  };
}
