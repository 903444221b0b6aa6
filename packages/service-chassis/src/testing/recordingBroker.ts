import type { Broker, OutgoingMessage } from '../messaging/types';

/**
 * Wraps a broker: records every publish call, and can fail publishes on
 * demand (`failWhen`) either before the message reaches the broker or after
 * it did (the ack is lost: the relay cannot tell it went through).
 */
export class RecordingBroker implements Broker {
  readonly kind: Broker['kind'];
  readonly attempts: OutgoingMessage[] = [];
  readonly delivered: OutgoingMessage[] = [];
  failWhen:
    | ((
        message: OutgoingMessage,
        attempt: number,
      ) => 'before' | 'after' | undefined)
    | undefined;

  constructor(readonly inner: Broker) {
    this.kind = inner.kind;
  }

  connect() {
    return this.inner.connect();
  }
  async publish(message: OutgoingMessage): Promise<void> {
    this.attempts.push(message);
    const failure = this.failWhen?.(message, this.attempts.length);
    if (failure === 'before')
      throw new Error(`simulated failure before ${message.id}`);
    await this.inner.publish(message);
    this.delivered.push(message);
    if (failure === 'after')
      throw new Error(`simulated lost ack for ${message.id}`);
  }
  subscribe(...args: Parameters<Broker['subscribe']>) {
    return this.inner.subscribe(...args);
  }
  healthy() {
    return this.inner.healthy();
  }
  close() {
    return this.inner.close();
  }
}
