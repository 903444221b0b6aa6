import {
  AckPolicy,
  DeliverPolicy,
  jetstream,
  JetStreamApiCodes,
  JetStreamApiError,
  jetstreamManager,
  type ConsumerConfig,
  type ConsumerMessages,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
  type PubAck,
} from '@nats-io/jetstream';
import {
  connect,
  headers as natsHeaders,
  nanos,
  type NatsConnection,
} from '@nats-io/transport-node';
import pino, { type Logger } from 'pino';
import { subjectMatches } from './subjects';
import type {
  Broker,
  IncomingMessage,
  MessageHandler,
  OutgoingMessage,
  Subscription,
} from './types';

export interface NatsBrokerOptions {
  /** Comma-separated server URLs. */
  servers: string;
  /** The JetStream stream holding this service's events. */
  stream: string;
  /** The stream captures `${eventPrefix}.>`. */
  eventPrefix: string;
  /** Nats-Msg-Id de-duplication window of the stream (default 2 min). */
  duplicateWindowMs?: number;
  /** Time the server waits for an ack before redelivering (default 30 s). */
  ackWaitMs?: number;
  /** Delay asked for with `nak` after a handler failure (default 1 s). */
  nakDelayMs?: number;
  /** Messages a pull consumer buffers (default 100). */
  maxMessages?: number;
  logger?: Logger;
}

const isApiError = (error: unknown, code: number) =>
  error instanceof JetStreamApiError && error.code === code;

/**
 * NATS JetStream: a stream for `${eventPrefix}.>` (created or widened on
 * connect), publishes with Nats-Msg-Id = message id (duplicates within the
 * window are dropped by the server), durable pull consumers with explicit
 * ack; a failed handler's message is nak'ed with a delay and redelivered
 * with the server's delivery count.
 */
export class NatsBroker implements Broker {
  readonly kind = 'nats' as const;
  private readonly logger: Logger;
  private nc: NatsConnection | undefined;
  private js: JetStreamClient | undefined;
  private jsm: JetStreamManager | undefined;
  private readonly subscriptions = new Set<Subscription>();

  constructor(private readonly options: NatsBrokerOptions) {
    this.logger = options.logger ?? pino({ level: 'silent' });
  }

  get streamName(): string {
    return this.options.stream;
  }

  async connect(): Promise<void> {
    if (this.nc && !this.nc.isClosed()) return;
    const nc = await connect({
      servers: this.options.servers.split(',').map(s => s.trim()),
      name: `${this.options.eventPrefix}-broker`,
    });
    try {
      const jsm = await jetstreamManager(nc);
      await this.ensureStream(jsm);
      this.nc = nc;
      this.jsm = jsm;
      this.js = jetstream(nc);
    } catch (error) {
      await nc.close();
      throw error;
    }
  }

  /** The connection's JetStream manager, for operations and tests. */
  manager(): JetStreamManager {
    if (!this.jsm) throw new Error('NATS broker is not connected');
    return this.jsm;
  }

  private async ensureStream(jsm: JetStreamManager): Promise<void> {
    const subject = `${this.options.eventPrefix}.>`;
    const duplicateWindow = nanos(this.options.duplicateWindowMs ?? 120_000);
    try {
      const info = await jsm.streams.info(this.options.stream);
      if (!info.config.subjects?.includes(subject)) {
        await jsm.streams.update(this.options.stream, {
          subjects: [...(info.config.subjects ?? []), subject],
        });
      }
    } catch (error) {
      if (!isApiError(error, JetStreamApiCodes.StreamNotFound)) throw error;
      await jsm.streams.add({
        name: this.options.stream,
        subjects: [subject],
        duplicate_window: duplicateWindow,
      });
    }
  }

  private client(): JetStreamClient {
    if (!this.js) throw new Error('NATS broker is not connected');
    return this.js;
  }

  async publish(message: OutgoingMessage): Promise<void> {
    await this.publishWithAck(message);
  }

  /** Publishes and returns JetStream's ack (`duplicate` is true for a de-duplicated id). */
  async publishWithAck(message: OutgoingMessage): Promise<PubAck> {
    const h = natsHeaders();
    for (const [key, value] of Object.entries(message.headers))
      h.set(key, value);
    return this.client().publish(message.subject, message.body, {
      msgID: message.id,
      headers: h,
    });
  }

  async subscribe(
    subjects: string[],
    handler: MessageHandler,
    options: { durableName: string },
  ): Promise<Subscription> {
    const jsm = this.manager();
    const stream = this.options.stream;
    // One subject: filter_subject (any server). Several: filter_subjects
    // (nats-server 2.10+); on older servers the consumer takes the whole
    // stream and messages for other subjects are acknowledged unhandled.
    let filter: Pick<ConsumerConfig, 'filter_subject' | 'filter_subjects'>;
    let clientSideFilter = false;
    if (subjects.length === 1) filter = { filter_subject: subjects[0] };
    else if (this.serverAtLeast(2, 10)) filter = { filter_subjects: subjects };
    else {
      filter = {};
      clientSideFilter = true;
    }
    try {
      const info = await jsm.consumers.info(stream, options.durableName);
      const current =
        info.config.filter_subjects ??
        (info.config.filter_subject ? [info.config.filter_subject] : []);
      const wanted =
        filter.filter_subjects ??
        (filter.filter_subject ? [filter.filter_subject] : []);
      if ([...current].sort().join(',') !== [...wanted].sort().join(',')) {
        await jsm.consumers.update(stream, options.durableName, filter);
      }
    } catch (error) {
      if (!isApiError(error, JetStreamApiCodes.ConsumerNotFound)) throw error;
      await jsm.consumers.add(stream, {
        durable_name: options.durableName,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        ack_wait: nanos(this.options.ackWaitMs ?? 30_000),
        ...filter,
      });
    }
    const consumer = await this.client().consumers.get(
      stream,
      options.durableName,
    );
    const messages: ConsumerMessages = await consumer.consume({
      max_messages: this.options.maxMessages ?? 100,
    });
    const nakDelayMs = this.options.nakDelayMs ?? 1_000;
    const loop = (async () => {
      for await (const m of messages) {
        if (
          clientSideFilter &&
          !subjects.some(p => subjectMatches(p, m.subject))
        ) {
          await m.ackAck();
          continue;
        }
        const incoming = toIncoming(m);
        try {
          await handler(incoming);
          // Wait for the server to confirm: an unconfirmed ack is redelivered after ack_wait.
          await m.ackAck();
        } catch (error) {
          this.logger.warn(
            { err: error, messageId: incoming.id, subject: m.subject },
            'handler failed; message nak-ed for redelivery',
          );
          m.nak(nakDelayMs);
        }
      }
    })();
    const subscription: Subscription = {
      stop: async () => {
        this.subscriptions.delete(subscription);
        await messages.close();
        await loop;
      },
    };
    this.subscriptions.add(subscription);
    return subscription;
  }

  private serverAtLeast(major: number, minor: number): boolean {
    const version = this.nc?.info?.version ?? '0.0.0';
    const [ma = 0, mi = 0] = version
      .split('.')
      .map(n => Number.parseInt(n, 10));
    return ma > major || (ma === major && mi >= minor);
  }

  async healthy(): Promise<boolean> {
    if (!this.nc || this.nc.isClosed() || !this.jsm) return false;
    try {
      await this.jsm.streams.info(this.options.stream);
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    for (const subscription of [...this.subscriptions])
      await subscription.stop();
    const nc = this.nc;
    this.nc = undefined;
    this.js = undefined;
    this.jsm = undefined;
    if (nc && !nc.isClosed()) await nc.drain();
  }
}

function toIncoming(m: JsMsg): IncomingMessage {
  const headers: Record<string, string> = {};
  let id = '';
  if (m.headers) {
    for (const [key, values] of m.headers) {
      const value = values[values.length - 1] ?? '';
      if (key.toLowerCase() === 'nats-msg-id') id = value;
      else headers[key] = value;
    }
  }
  return {
    id: id || `${m.info.stream}:${m.seq}`,
    subject: m.subject,
    body: m.string(),
    headers,
    deliveryAttempt: m.info.deliveryCount,
  };
}
