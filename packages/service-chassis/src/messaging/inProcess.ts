import {
  BrokerUnavailableError,
  type Broker,
  type IncomingMessage,
  type MessageHandler,
  type OutgoingMessage,
  type Subscription,
} from './types';
import { subjectMatches } from './subjects';

// Shared by every broker now; still importable from here.
export { BrokerUnavailableError };

export interface InProcessBrokerOptions {
  /** A message id seen again within this window is dropped, like JetStream's duplicate window (default 2 min). */
  duplicateWindowMs?: number;
  /** Delay before a rejected message is delivered again (default 0). */
  redeliveryDelayMs?: number;
  /** Messages kept for durable consumers created later (default 10,000). */
  maxStoredMessages?: number;
  now?: () => number;
}

interface Stored {
  message: OutgoingMessage;
  attempts: number;
}

interface Durable {
  name: string;
  subjects: string[];
  queue: Stored[];
  /** Redeliveries waiting for their delay. */
  delayed: number;
  handler: MessageHandler | undefined;
  active: Promise<void> | undefined;
}

/**
 * A broker in the process, for local development and tests: a stream of
 * every published message, durable consumers each with their own queue
 * (a new durable starts from the oldest stored message), redelivery of a
 * message whose handler rejects (deliveryAttempt + 1; later messages go on
 * meanwhile), and de-duplication by message id within a window.
 * `setAvailable(false)` simulates an outage: publish rejects.
 */
export class InProcessBroker implements Broker {
  readonly kind = 'in-process' as const;
  private readonly duplicateWindowMs: number;
  private readonly redeliveryDelayMs: number;
  private readonly maxStoredMessages: number;
  private readonly now: () => number;
  private readonly stream: OutgoingMessage[] = [];
  private readonly seen = new Map<string, number>();
  private readonly durables = new Map<string, Durable>();
  private readonly idleWaiters: Array<() => void> = [];
  private available = true;
  private closed = false;

  /** Counters for tests and the dev console. */
  readonly stats = {
    published: 0,
    duplicates: 0,
    delivered: 0,
    redelivered: 0,
  };

  constructor(options: InProcessBrokerOptions = {}) {
    this.duplicateWindowMs = options.duplicateWindowMs ?? 120_000;
    this.redeliveryDelayMs = options.redeliveryDelayMs ?? 0;
    this.maxStoredMessages = options.maxStoredMessages ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  async connect(): Promise<void> {
    this.closed = false;
  }

  /** Simulates the broker going down (false) and coming back (true). */
  setAvailable(available: boolean): void {
    this.available = available;
  }

  async publish(message: OutgoingMessage): Promise<void> {
    if (this.closed) throw new BrokerUnavailableError('broker closed');
    if (!this.available) throw new BrokerUnavailableError();
    const now = this.now();
    this.forgetOldIds(now);
    const dedupId = message.deduplicationId ?? message.id;
    if (this.seen.has(dedupId)) {
      this.stats.duplicates++;
      return;
    }
    this.seen.set(dedupId, now);
    const copy: OutgoingMessage = {
      ...message,
      headers: { ...message.headers },
    };
    this.stats.published++;
    this.stream.push(copy);
    if (this.stream.length > this.maxStoredMessages) this.stream.shift();
    for (const durable of this.durables.values()) {
      if (durable.subjects.some(p => subjectMatches(p, copy.subject))) {
        durable.queue.push({ message: copy, attempts: 0 });
        this.pump(durable);
      }
    }
  }

  async subscribe(
    subjects: string[],
    handler: MessageHandler,
    options: { durableName: string },
  ): Promise<Subscription> {
    let durable = this.durables.get(options.durableName);
    if (!durable) {
      durable = {
        name: options.durableName,
        subjects,
        queue: this.stream
          .filter(m => subjects.some(p => subjectMatches(p, m.subject)))
          .map(message => ({ message, attempts: 0 })),
        delayed: 0,
        handler: undefined,
        active: undefined,
      };
      this.durables.set(durable.name, durable);
    } else if (durable.handler) {
      throw new Error(
        `durable consumer '${options.durableName}' is already subscribed`,
      );
    }
    durable.subjects = subjects;
    durable.handler = handler;
    this.pump(durable);
    const target = durable;
    return {
      stop: async () => {
        target.handler = undefined;
        await target.active;
        this.notifyIdle();
      },
    };
  }

  async healthy(): Promise<boolean> {
    return this.available && !this.closed;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const durable of this.durables.values()) {
      durable.handler = undefined;
      await durable.active;
    }
    this.notifyIdle();
  }

  /**
   * Resolves when every subscribed durable consumer has handled (acknowledged)
   * all its messages, with no redelivery pending: the point where a test can
   * count side effects.
   */
  whenIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise(resolve => this.idleWaiters.push(resolve));
  }

  /** Messages waiting (or waiting for redelivery) for a durable consumer. */
  pending(durableName: string): number {
    const durable = this.durables.get(durableName);
    return durable ? durable.queue.length + durable.delayed : 0;
  }

  private isIdle(): boolean {
    for (const durable of this.durables.values()) {
      if (!durable.handler) continue;
      if (durable.active || durable.queue.length > 0 || durable.delayed > 0) {
        return false;
      }
    }
    return true;
  }

  private notifyIdle(): void {
    if (!this.isIdle()) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private forgetOldIds(now: number): void {
    // Map iteration follows insertion order, which is time order.
    for (const [id, at] of this.seen) {
      if (now - at < this.duplicateWindowMs) break;
      this.seen.delete(id);
    }
  }

  /** Delivers the durable's messages one at a time while it has a handler. */
  private pump(durable: Durable): void {
    if (durable.active || !durable.handler) return;
    durable.active = (async () => {
      // Let the publisher's call return before the handler runs, as on a real broker.
      await Promise.resolve();
      while (durable.handler && durable.queue.length > 0) {
        const item = durable.queue.shift()!;
        item.attempts++;
        const incoming: IncomingMessage = {
          id: item.message.id,
          subject: item.message.subject,
          body: item.message.body,
          headers: { ...item.message.headers },
          deliveryAttempt: item.attempts,
        };
        this.stats.delivered++;
        try {
          await durable.handler(incoming);
        } catch {
          this.stats.redelivered++;
          this.redeliver(durable, item);
        }
      }
    })().finally(() => {
      durable.active = undefined;
      if (durable.handler && durable.queue.length > 0) this.pump(durable);
      else this.notifyIdle();
    });
  }

  private redeliver(durable: Durable, item: Stored): void {
    if (this.redeliveryDelayMs <= 0) {
      durable.queue.push(item);
      return;
    }
    durable.delayed++;
    const timer = setTimeout(() => {
      durable.delayed--;
      durable.queue.push(item);
      this.pump(durable);
      this.notifyIdle();
    }, this.redeliveryDelayMs);
    timer.unref();
  }
}
