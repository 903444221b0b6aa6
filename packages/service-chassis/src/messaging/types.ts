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
}

/** A message delivered to a consumer. */
export interface IncomingMessage {
  id: string;
  subject: string;
  body: string;
  headers: Record<string, string>;
  /** 1 on first delivery. */
  deliveryAttempt: number;
}

export type MessageHandler = (message: IncomingMessage) => Promise<void>;

export interface Subscription {
  stop(): Promise<void>;
}

/**
 * One interface for every broker: NATS JetStream, Kafka, in-process. A
 * handler that resolves acknowledges the message; one that rejects leaves it
 * for redelivery.
 */
export interface Broker {
  readonly kind: 'nats' | 'kafka' | 'in-process';
  connect(): Promise<void>;
  publish(message: OutgoingMessage): Promise<void>;
  subscribe(
    subjects: string[],
    handler: MessageHandler,
    options: { durableName: string },
  ): Promise<Subscription>;
  /** For /health/ready: connected and usable. */
  healthy(): Promise<boolean>;
  close(): Promise<void>;
}
