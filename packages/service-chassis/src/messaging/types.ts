/** A message on its way to the broker (built by the outbox relay from a row). */
export interface OutgoingMessage {
  /** The outbox row id: also the broker de-duplication id (Nats-Msg-Id). */
  id: string;
  /** NATS subject / Kafka topic, e.g. `orders.order.placed`. */
  subject: string;
  /** Ordering key: the aggregate id (Kafka partition key). */
  key: string;
  /** JSON-encoded payload. */
  body: string;
  /** traceparent, tracestate, idempotency-key, event-type, aggregate-type... */
  headers: Record<string, string>;
  /**
   * The broker de-duplication id when it must differ from `id`: a dead-letter
   * replay re-sends a message id the broker may still remember, and must not
   * be dropped as a copy of the original. Consumers still see `id`.
   */
  deduplicationId?: string;
}

/** A message delivered to a consumer. */
export interface IncomingMessage {
  id: string;
  subject: string;
  body: string;
  headers: Record<string, string>;
  /**
   * 1 on first delivery; one more for each redelivery by the broker and for
   * each time the broker hands a failed message to the handler again.
   */
  deliveryAttempt: number;
}

export type MessageHandler = (message: IncomingMessage) => Promise<void>;

export interface Subscription {
  stop(): Promise<void>;
}

export interface SubscribeOptions {
  durableName: string;
  /**
   * Deliveries after which the broker may give up on a message that is never
   * acknowledged (NATS: the consumer's max_deliver). Default: never.
   */
  maxDeliver?: number;
}

/** What publish rejects with while the broker cannot take messages. */
export class BrokerUnavailableError extends Error {
  constructor(message = 'broker unavailable') {
    super(message);
    this.name = 'BrokerUnavailableError';
  }
}

/**
 * The client has no connection right now and refused at once, without
 * sending anything; it reconnects by itself. Not a failure of a call to the
 * broker: the outbox relay waits for the connection instead of counting an
 * attempt, and the broker's circuit breaker does not count it.
 */
export class BrokerNotConnectedError extends BrokerUnavailableError {
  constructor(message: string) {
    super(message);
    this.name = 'BrokerNotConnectedError';
  }
}

/**
 * One interface for every broker: NATS JetStream, Kafka, in-process. A
 * handler that resolves acknowledges the message; one that rejects gets it
 * again (deliveryAttempt + 1). NATS and Kafka hand it over again before any
 * later message of the subscription, so the order is kept; the in-process
 * broker lets later messages go on meanwhile.
 */
export interface Broker {
  readonly kind: 'nats' | 'kafka' | 'in-process';
  connect(): Promise<void>;
  publish(message: OutgoingMessage): Promise<void>;
  subscribe(
    subjects: string[],
    handler: MessageHandler,
    options: SubscribeOptions,
  ): Promise<Subscription>;
  /** For /health/ready: connected and usable. */
  healthy(): Promise<boolean>;
  close(): Promise<void>;
}
