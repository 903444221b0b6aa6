import {
  Kafka,
  logLevel,
  type Consumer,
  type ConsumerConfig,
  type IHeaders,
  type Producer,
  type ProducerConfig,
} from 'kafkajs';
import pino, { type Logger } from 'pino';
import { isWildcard, subjectPatternToRegExp } from './subjects';
import type {
  Broker,
  IncomingMessage,
  MessageHandler,
  OutgoingMessage,
  Subscription,
} from './types';

/** The parts of kafkajs' clients the broker uses (a test injects fakes of them). */
export type KafkaProducerLike = Pick<
  Producer,
  'connect' | 'send' | 'disconnect'
>;
export type KafkaConsumerLike = Pick<
  Consumer,
  'connect' | 'subscribe' | 'run' | 'commitOffsets' | 'stop' | 'disconnect'
>;
export interface KafkaClientLike {
  producer(config: ProducerConfig): KafkaProducerLike;
  consumer(config: ConsumerConfig): KafkaConsumerLike;
}

export interface KafkaBrokerOptions {
  brokers: string[];
  clientId: string;
  /** Injected client (tests); default a kafkajs Kafka for `brokers`. */
  client?: KafkaClientLike;
  /** Wait before a failed message is handed to the handler again (default 1 s). */
  redeliveryDelayMs?: number;
  logger?: Logger;
}

/** The header carrying the message id (the outbox row id) on Kafka. */
export const MESSAGE_ID_HEADER = 'message-id';

/**
 * Kafka through kafkajs: an idempotent producer (acks from all in-sync
 * replicas, key = aggregate id so an aggregate's events share a partition and
 * keep their order) and one consumer group per durable name with manual
 * commits. A failed message is handed to the handler again (deliveryAttempt
 * + 1) before its offset is committed: a partition keeps its order, and the
 * idempotent consumer parks a poison message after its max attempts.
 * A wildcard subject subscribes to the topics that exist at subscribe time.
 */
export class KafkaBroker implements Broker {
  readonly kind = 'kafka' as const;
  private readonly client: KafkaClientLike;
  private readonly logger: Logger;
  private producer: KafkaProducerLike | undefined;
  private connected = false;
  private readonly consumers = new Set<Subscription>();

  constructor(private readonly options: KafkaBrokerOptions) {
    this.logger = options.logger ?? pino({ level: 'silent' });
    this.client =
      options.client ??
      new Kafka({
        clientId: options.clientId,
        brokers: options.brokers,
        logLevel: logLevel.WARN,
      });
  }

  async connect(): Promise<void> {
    if (this.connected) return;
    const producer = this.client.producer({
      idempotent: true,
      // One request in flight: retries can never reorder an aggregate's events.
      maxInFlightRequests: 1,
    });
    await producer.connect();
    this.producer = producer;
    this.connected = true;
  }

  async publish(message: OutgoingMessage): Promise<void> {
    if (!this.producer || !this.connected) {
      throw new Error('Kafka broker is not connected');
    }
    await this.producer.send({
      topic: message.subject,
      acks: -1,
      messages: [
        {
          key: message.key,
          value: message.body,
          headers: { ...message.headers, [MESSAGE_ID_HEADER]: message.id },
        },
      ],
    });
  }

  async subscribe(
    subjects: string[],
    handler: MessageHandler,
    options: { durableName: string },
  ): Promise<Subscription> {
    const consumer = this.client.consumer({ groupId: options.durableName });
    await consumer.connect();
    await consumer.subscribe({
      topics: subjects.map(s =>
        isWildcard(s) ? subjectPatternToRegExp(s) : s,
      ),
      fromBeginning: true,
    });
    let stopping = false;
    const delayMs = this.options.redeliveryDelayMs ?? 1_000;
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ topic, partition, message, heartbeat }) => {
        const headers = readHeaders(message.headers);
        const id =
          headers[MESSAGE_ID_HEADER] ??
          `${topic}:${partition}:${message.offset}`;
        delete headers[MESSAGE_ID_HEADER];
        for (let attempt = 1; ; attempt++) {
          const incoming: IncomingMessage = {
            id,
            subject: topic,
            body: message.value?.toString('utf8') ?? '',
            headers: { ...headers },
            deliveryAttempt: attempt,
          };
          try {
            await handler(incoming);
            break;
          } catch (error) {
            // Not committed: when stopping, the group delivers it again later.
            if (stopping) throw error;
            this.logger.warn(
              { err: error, messageId: id, topic, partition, attempt },
              'handler failed; message will be handed over again',
            );
            await heartbeat();
            await new Promise(resolve => setTimeout(resolve, delayMs));
          }
        }
        await consumer.commitOffsets([
          {
            topic,
            partition,
            offset: (BigInt(message.offset) + 1n).toString(),
          },
        ]);
      },
    });
    const subscription: Subscription = {
      stop: async () => {
        stopping = true;
        this.consumers.delete(subscription);
        await consumer.stop();
        await consumer.disconnect();
      },
    };
    this.consumers.add(subscription);
    return subscription;
  }

  async healthy(): Promise<boolean> {
    return this.connected;
  }

  async close(): Promise<void> {
    for (const subscription of [...this.consumers]) await subscription.stop();
    if (this.producer && this.connected) await this.producer.disconnect();
    this.connected = false;
    this.producer = undefined;
  }
}

function readHeaders(raw: IHeaders | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw ?? {})) {
    if (value === undefined) continue;
    const last = Array.isArray(value) ? value[value.length - 1] : value;
    if (last !== undefined) headers[key] = last.toString();
  }
  return headers;
}
