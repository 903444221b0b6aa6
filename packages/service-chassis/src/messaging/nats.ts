import {
  AckPolicy,
  DeliverPolicy,
  jetstream,
  JetStreamApiCodes,
  JetStreamApiError,
  jetstreamManager,
  type Consumer,
  type ConsumerConfig,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
  type PubAck,
  type StreamUpdateConfig,
} from '@nats-io/jetstream';
import {
  connect,
  headers as natsHeaders,
  millis,
  nanos,
  type NatsConnection,
} from '@nats-io/transport-node';
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

/**
 * Default Nats-Msg-Id de-duplication window: 10 min. It has to outlast the
 * time after which the outbox relay publishes a row again when the publish
 * reached JetStream but the row's "published" mark was lost: a lost ack puts
 * the row in backoff (at most 5 min, the relay's default backoff.maxMs); a
 * relay that died between publish and mark leaves the row to the next poll
 * once its transaction is rolled back (PostgreSQL) or to another replica
 * once its lease expires (SQLite, 30 s). 5 min + 30 s + a batch's publishes,
 * with room to spare: 10 min. Raise it with the relay's backoff. The server
 * keeps every id of the window in memory (about 600,000 ids at 1,000 msg/s).
 */
export const DEFAULT_DUPLICATE_WINDOW_MS = 10 * 60_000;

/** Sent with a message whose de-duplication id is not its id (a dead-letter replay). */
const MESSAGE_ID_HEADER = 'Chassis-Message-Id';

/** How long a pull waits for messages before the next one is made. */
const FETCH_EXPIRES_MS = 10_000;

/** The longest wait the server makes between redeliveries of an unacknowledged message. */
const MAX_REDELIVERY_DELAY_MS = 5 * 60_000;

export type NatsBrokerState =
  /** connect() was not called yet. */
  | 'idle'
  /** No connection: trying to make one (first start, or the last one was closed). */
  | 'connecting'
  /** Connected, stream ensured: publishes and consumers work. */
  | 'connected'
  /** The connection lost its server; the client is reconnecting. */
  | 'reconnecting'
  | 'closed';

export interface NatsBrokerOptions {
  /** Comma-separated server URLs. */
  servers: string;
  /** The JetStream stream holding this service's events. */
  stream: string;
  /** The stream captures `${eventPrefix}.>`. */
  eventPrefix: string;
  /** Nats-Msg-Id de-duplication window of the stream, also applied to an existing stream (default DEFAULT_DUPLICATE_WINDOW_MS). */
  duplicateWindowMs?: number;
  /** Time the server waits for an ack, or a sign of progress, before redelivering (default 30 s). */
  ackWaitMs?: number;
  /** Wait before a failed message is handed to the handler again: min(maxMs, baseMs * 2^(n-1)), jittered (default 1 s, 30 s). */
  retryBackoff?: { baseMs?: number; maxMs?: number };
  /** Messages fetched per pull, i.e. held unacknowledged at most per subscription (default 100). */
  maxMessages?: number;
  /** Wait between attempts to make a connection when there is none: exponential, jittered (default 500 ms, 5 s). */
  connectBackoff?: { baseMs?: number; maxMs?: number };
  /** How long connect() waits for the first attempt, and the handshake timeout of each (default 5 s). */
  connectTimeoutMs?: number;
  logger?: Logger;
}

interface NatsSubscription {
  readonly subjects: string[];
  readonly handler: MessageHandler;
  readonly durableName: string;
  readonly maxDeliver: number | undefined;
  /** Aborted by stop(): ends waits and retries, not a handler in progress. */
  readonly stopping: AbortController;
  /** The connection generation the JetStream consumer was last checked on. */
  generation: number;
  consumer: Consumer | undefined;
  clientSideFilter: boolean;
  /** Whether the messages left unacknowledged before the last bind were waited for. */
  settled: boolean;
  loop: Promise<void>;
}

const isApiError = (error: unknown, code: number) =>
  error instanceof JetStreamApiError && error.code === code;

const errorText = (error: unknown) =>
  error instanceof Error ? error.message : String(error);

/** min(maxMs, baseMs * 2^(attempt-1)), then a random 50-100% of it so clients do not retry in step. */
function backoff(attempt: number, baseMs: number, maxMs: number): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 30);
  const delay = Math.min(maxMs, baseMs * 2 ** exponent);
  return Math.round(delay * (0.5 + Math.random() / 2));
}

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

/**
 * NATS JetStream, made to outlive the server's outages:
 *
 * - Connection: connect() resolves after its first attempt whether or not a
 *   server answered; a supervisor keeps trying with capped exponential
 *   backoff, and once connected the client reconnects forever (1-2 s apart).
 *   Should the client close the connection anyway (authorization refused,
 *   a protocol error), the supervisor makes a new one. The broker is
 *   `connected` (healthy) once the stream is ensured on the live connection,
 *   again after each reconnect; publish() fails fast with
 *   BrokerNotConnectedError otherwise, so the outbox relay waits instead
 *   of waiting on a request timeout.
 * - Stream: `${eventPrefix}.>`, created or widened, with its duplicate
 *   window kept at the configured value. Publishes carry Nats-Msg-Id = the
 *   message id: the server drops a copy within the window.
 * - Consumers: durable pull consumers with explicit ack, one fetch of up to
 *   `maxMessages` at a time, handled one after the other in stream order.
 *   A failed message is handed to the handler again in place, after a
 *   backoff, before any later message: never nak-ed, since a nak lets the
 *   messages behind it (the same aggregate's later events) overtake it.
 *   While a message is in the process, every message of the fetch still
 *   unacknowledged gets `working()` every ack_wait / 3 so the server does not
 *   redeliver it meanwhile. The server redelivers only what was never
 *   acknowledged (the process died, the connection was lost for longer than
 *   ack_wait): spaced by the consumer's `backoff`, up to `maxDeliver` times
 *   when the subscriber sets one. A subscription made while disconnected
 *   starts once connected, and follows reconnects and new connections.
 *   Order holds per durable consumer with one subscriber; several replicas
 *   on one durable share its messages between them.
 */
export class NatsBroker implements Broker {
  readonly kind = 'nats' as const;
  private readonly logger: Logger;
  private readonly servers: string[];
  private nc: NatsConnection | undefined;
  private js: JetStreamClient | undefined;
  private jsm: JetStreamManager | undefined;
  private current: NatsBrokerState = 'idle';
  private readonly listeners = new Set<(state: NatsBrokerState) => void>();
  private closing: AbortController | undefined;
  private supervisor: Promise<void> | undefined;
  private firstAttempt: Promise<void> | undefined;
  /** Bumped each time the broker becomes connected: consumers are checked again. */
  private generation = 0;
  /** Bumped on each disconnect and connect: a stale stream set-up gives up. */
  private setupToken = 0;
  private readonly subscriptions = new Set<NatsSubscription>();

  constructor(private readonly options: NatsBrokerOptions) {
    this.logger = options.logger ?? pino({ level: 'silent' });
    this.servers = options.servers
      .split(',')
      .map(s => s.trim())
      .filter(Boolean);
  }

  get streamName(): string {
    return this.options.stream;
  }

  get duplicateWindowMs(): number {
    return this.options.duplicateWindowMs ?? DEFAULT_DUPLICATE_WINDOW_MS;
  }

  private get ackWaitMs(): number {
    return this.options.ackWaitMs ?? 30_000;
  }

  private get connectTimeoutMs(): number {
    return this.options.connectTimeoutMs ?? 5_000;
  }

  /** The broker's connection state now. */
  state(): NatsBrokerState {
    return this.current;
  }

  /** Calls `listener` on every state change; returns the unsubscribe function. */
  onStateChange(listener: (state: NatsBrokerState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves true once connected, false if that takes longer than `timeoutMs`. */
  async ready(timeoutMs: number): Promise<boolean> {
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), timeoutMs);
    try {
      return await this.whenConnected(timeout.signal);
    } finally {
      clearTimeout(timer);
    }
  }

  /** The current connection, if any (operations and tests). */
  connection(): NatsConnection | undefined {
    return this.nc;
  }

  private setState(state: NatsBrokerState): void {
    if (state === this.current) return;
    this.current = state;
    for (const listener of [...this.listeners]) {
      try {
        listener(state);
      } catch (error) {
        this.logger.warn({ err: error }, 'NATS state listener failed');
      }
    }
  }

  /** True once connected; false when `signal` aborts first. */
  private whenConnected(signal: AbortSignal): Promise<boolean> {
    if (this.current === 'connected') return Promise.resolve(true);
    if (signal.aborted) return Promise.resolve(false);
    return new Promise(resolve => {
      const done = (connected: boolean) => {
        this.listeners.delete(onState);
        signal.removeEventListener('abort', onAbort);
        resolve(connected);
      };
      const onState = (state: NatsBrokerState) => {
        if (state === 'connected') done(true);
      };
      const onAbort = () => done(false);
      this.listeners.add(onState);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  /**
   * Starts connecting and resolves once the first attempt is over (at most
   * connectTimeoutMs), connected or not: a service starts while NATS is
   * down, and the broker connects when it comes.
   */
  async connect(): Promise<void> {
    if (this.supervisor) return this.firstAttempt;
    const closing = new AbortController();
    this.closing = closing;
    this.setState('connecting');
    let attempted!: () => void;
    const first = new Promise<void>(resolve => (attempted = resolve));
    this.supervisor = this.supervise(closing.signal, attempted);
    this.firstAttempt = Promise.race([
      first,
      sleep(this.connectTimeoutMs, closing.signal),
    ]);
    return this.firstAttempt;
  }

  /** Makes a connection, and a new one whenever it is closed, until close(). */
  private async supervise(
    signal: AbortSignal,
    attempted: () => void,
  ): Promise<void> {
    let failures = 0;
    while (!signal.aborted) {
      let nc: NatsConnection;
      try {
        nc = await connect({
          servers: this.servers,
          name: `${this.options.eventPrefix}-broker`,
          // The client's default gives up after 10 attempts 2 s apart and
          // closes the connection for good: publishing would stop until a
          // restart. Reconnect forever, 1-2 s apart (jitter: replicas do not
          // all knock at once when the server comes back).
          maxReconnectAttempts: -1,
          reconnectTimeWait: 1_000,
          reconnectJitter: 1_000,
          timeout: this.connectTimeoutMs,
          // A server gone without closing the socket is noticed in ~1 min
          // instead of the default's ~4.
          pingInterval: 20_000,
          maxPingOut: 3,
        });
      } catch (error) {
        failures++;
        const delay = this.connectDelay(failures);
        this.logger.warn(
          {
            servers: this.options.servers,
            attempt: failures,
            retryInMs: delay,
            error: errorText(error),
          },
          'NATS is not reachable; trying again',
        );
        attempted();
        await sleep(delay, signal);
        continue;
      }
      if (signal.aborted) {
        await nc.close().catch(() => undefined);
        break;
      }
      this.nc = nc;
      this.logger.info(
        { server: nc.getServer(), attempts: failures + 1 },
        'NATS connected',
      );
      this.watchStatus(nc, signal);
      const ready = await this.setUp(nc, signal);
      attempted();
      if (ready) failures = 0;
      const error = await nc.closed();
      if (this.nc === nc) {
        this.nc = undefined;
        this.js = undefined;
        this.jsm = undefined;
      }
      if (signal.aborted) break;
      failures++;
      const delay = this.connectDelay(failures);
      this.setupToken++;
      this.setState('connecting');
      this.logger.warn(
        {
          servers: this.options.servers,
          retryInMs: delay,
          error: error ? errorText(error) : undefined,
        },
        'NATS connection closed; making a new one',
      );
      await sleep(delay, signal);
    }
  }

  private connectDelay(failures: number): number {
    return backoff(
      failures,
      this.options.connectBackoff?.baseMs ?? 500,
      this.options.connectBackoff?.maxMs ?? 5_000,
    );
  }

  /** Follows the connection's disconnects and reconnects. */
  private watchStatus(nc: NatsConnection, signal: AbortSignal): void {
    void (async () => {
      for await (const status of nc.status()) {
        if (signal.aborted || this.nc !== nc) break;
        if (status.type === 'disconnect') {
          this.setupToken++;
          this.setState('reconnecting');
          this.logger.warn(
            { server: status.server },
            'NATS connection lost; reconnecting',
          );
        } else if (status.type === 'reconnect') {
          this.logger.info({ server: status.server }, 'NATS reconnected');
          void this.setUp(nc, signal);
        }
      }
    })().catch(error =>
      this.logger.warn({ err: error }, 'NATS status watch ended'),
    );
  }

  /**
   * Ensures the stream on `nc`, retrying with backoff, then declares the
   * broker connected; gives up when the link drops meanwhile (the next
   * reconnect sets up again). Resolves true when connected.
   */
  private async setUp(
    nc: NatsConnection,
    signal: AbortSignal,
  ): Promise<boolean> {
    const token = ++this.setupToken;
    const stale = () =>
      token !== this.setupToken ||
      this.nc !== nc ||
      nc.isClosed() ||
      signal.aborted;
    for (let attempt = 1; !stale(); attempt++) {
      try {
        const jsm = await jetstreamManager(nc);
        await this.ensureStream(jsm);
        if (stale()) return false;
        this.jsm = jsm;
        this.js = jetstream(nc);
        this.generation++;
        this.setState('connected');
        return true;
      } catch (error) {
        if (stale()) return false;
        const delay = this.connectDelay(attempt);
        this.logger.warn(
          {
            stream: this.options.stream,
            attempt,
            retryInMs: delay,
            error: errorText(error),
          },
          'NATS connected, but the stream could not be set up; trying again',
        );
        await sleep(delay, signal);
      }
    }
    return false;
  }

  /** The connection's JetStream manager, for operations and tests. */
  manager(): JetStreamManager {
    if (!this.jsm) throw new Error('NATS broker is not connected');
    return this.jsm;
  }

  private async ensureStream(jsm: JetStreamManager): Promise<void> {
    const subject = `${this.options.eventPrefix}.>`;
    let info;
    try {
      info = await jsm.streams.info(this.options.stream);
    } catch (error) {
      if (!isApiError(error, JetStreamApiCodes.StreamNotFound)) throw error;
      await jsm.streams.add({
        name: this.options.stream,
        subjects: [subject],
        duplicate_window: nanos(this.duplicateWindowMs),
      });
      return;
    }
    const update: Partial<StreamUpdateConfig> = {};
    const subjects = info.config.subjects ?? [];
    if (!subjects.includes(subject)) update.subjects = [...subjects, subject];
    // The server refuses a window longer than the stream's max age.
    const maxAge = info.config.max_age ?? 0;
    let window = nanos(this.duplicateWindowMs);
    if (maxAge > 0 && window > maxAge) {
      this.logger.warn(
        {
          stream: this.options.stream,
          duplicateWindowMs: this.duplicateWindowMs,
          maxAgeMs: millis(maxAge),
        },
        'duplicate window capped at the stream max age',
      );
      window = maxAge;
    }
    if (info.config.duplicate_window !== window) {
      update.duplicate_window = window;
    }
    if (Object.keys(update).length > 0) {
      await jsm.streams.update(this.options.stream, update);
      this.logger.info(
        {
          stream: this.options.stream,
          subjects: update.subjects,
          duplicateWindowMs:
            update.duplicate_window === undefined
              ? undefined
              : millis(update.duplicate_window),
        },
        'NATS stream updated',
      );
    }
  }

  async publish(message: OutgoingMessage): Promise<void> {
    await this.publishWithAck(message);
  }

  /** Publishes and returns JetStream's ack (`duplicate` is true for a de-duplicated id). */
  async publishWithAck(message: OutgoingMessage): Promise<PubAck> {
    const js = this.js;
    // The client would hold the request until its timeout while reconnecting.
    if (this.current !== 'connected' || !js) {
      throw new BrokerNotConnectedError(
        `NATS is not connected (${this.options.servers}): the message stays in the outbox`,
      );
    }
    const h = natsHeaders();
    for (const [key, value] of Object.entries(message.headers))
      h.set(key, value);
    const msgID = message.deduplicationId ?? message.id;
    if (msgID !== message.id) h.set(MESSAGE_ID_HEADER, message.id);
    return js.publish(message.subject, message.body, { msgID, headers: h });
  }

  /**
   * Registers a durable pull consumer's handler. Resolves at once when NATS
   * is not connected (the subscription starts once it is); rejects when the
   * server refuses the consumer's configuration.
   */
  async subscribe(
    subjects: string[],
    handler: MessageHandler,
    options: SubscribeOptions,
  ): Promise<Subscription> {
    const sub: NatsSubscription = {
      subjects,
      handler,
      durableName: options.durableName,
      maxDeliver: options.maxDeliver,
      stopping: new AbortController(),
      generation: -1,
      consumer: undefined,
      clientSideFilter: false,
      settled: false,
      loop: Promise.resolve(),
    };
    if (this.current === 'connected') {
      try {
        await this.bind(sub);
      } catch (error) {
        if (error instanceof JetStreamApiError) throw error;
        // Anything else (the link dropped meanwhile): the loop binds again.
      }
    }
    this.subscriptions.add(sub);
    sub.loop = this.consume(sub);
    return {
      stop: async () => {
        sub.stopping.abort();
        this.subscriptions.delete(sub);
        await sub.loop;
      },
    };
  }

  /** Creates or updates the JetStream consumer, and gets its handle on the current connection. */
  private async bind(sub: NatsSubscription): Promise<void> {
    const generation = this.generation;
    const jsm = this.manager();
    const js = this.js!;
    await this.ensureConsumer(jsm, sub);
    sub.consumer = await js.consumers.get(this.options.stream, sub.durableName);
    sub.generation = generation;
    sub.settled = false;
  }

  /**
   * Messages delivered to an earlier subscriber that died (or to this one on
   * a connection since replaced) and never acknowledged come back only when
   * their ack_wait runs out; a fetch before that would get the messages
   * after them first. So the first fetch waits until they are acknowledged
   * or due again: ack_wait and a margin (half of it, at least 1 s), since
   * the server marks them due on its own timer, which lags on a busy
   * machine; a fetch right at ack_wait got a later message first once in
   * CI. Not when another subscriber is pulling:
   * replicas sharing a durable share its messages, and its order, anyway.
   * (A message already redelivered waits the consumer's longer backoff:
   * the later messages may still pass it.)
   */
  private async awaitEarlierDeliveries(sub: NatsSubscription): Promise<void> {
    const signal = sub.stopping.signal;
    const deadline =
      Date.now() + this.ackWaitMs + Math.max(1_000, this.ackWaitMs / 2);
    for (let first = true; ; first = false) {
      const info = await sub.consumer!.info();
      if (info.num_ack_pending === 0 || info.num_waiting > 0) break;
      if (first) {
        this.logger.info(
          {
            durableName: sub.durableName,
            unacknowledged: info.num_ack_pending,
            waitMs: deadline - Date.now(),
          },
          'waiting for the messages an earlier subscriber left unacknowledged, so they come first',
        );
      }
      const left = deadline - Date.now();
      if (left <= 0 || signal.aborted) break;
      await sleep(Math.min(left, 500), signal);
    }
    sub.settled = true;
  }

  private async ensureConsumer(
    jsm: JetStreamManager,
    sub: NatsSubscription,
  ): Promise<void> {
    const stream = this.options.stream;
    const { subjects } = sub;
    // One subject: filter_subject (any server). Several: filter_subjects
    // (nats-server 2.10+); on older servers the consumer takes the whole
    // stream and messages for other subjects are acknowledged unhandled.
    let filter: Pick<ConsumerConfig, 'filter_subject' | 'filter_subjects'>;
    sub.clientSideFilter = false;
    if (subjects.length === 1) filter = { filter_subject: subjects[0] };
    else if (this.serverAtLeast(2, 10)) filter = { filter_subjects: subjects };
    else {
      // Set but undefined: an update then drops a filter left by an earlier subscriber.
      filter = { filter_subject: undefined };
      sub.clientSideFilter = true;
    }
    // max_deliver bounds the server's redeliveries of a message never
    // acknowledged (the process died with it, the connection was lost for
    // longer than ack_wait): in-process retries do not count. `backoff`
    // spaces them, ack_wait first, so a message that kills the process
    // does not restart-loop it every 30 s. JetStream wants fewer backoff
    // values than max_deliver, and no backoff with an unlimited one.
    const maxDeliver = sub.maxDeliver ?? -1;
    const backoffNs =
      maxDeliver > 1 ? redeliveryBackoff(this.ackWaitMs, maxDeliver) : [];
    const limits: Partial<ConsumerConfig> = {
      ack_wait: nanos(this.ackWaitMs),
      max_deliver: maxDeliver,
      ...(backoffNs.length > 0 ? { backoff: backoffNs } : {}),
    };
    try {
      const info = await jsm.consumers.info(stream, sub.durableName);
      const current =
        info.config.filter_subjects ??
        (info.config.filter_subject ? [info.config.filter_subject] : []);
      const wanted =
        filter.filter_subjects ??
        (filter.filter_subject ? [filter.filter_subject] : []);
      const sameFilter =
        [...current].sort().join(',') === [...wanted].sort().join(',');
      const sameLimits =
        info.config.ack_wait === limits.ack_wait &&
        (info.config.max_deliver ?? -1) === maxDeliver &&
        (info.config.backoff ?? []).join(',') === backoffNs.join(',');
      if (!sameFilter || !sameLimits) {
        await jsm.consumers.update(stream, sub.durableName, {
          ...filter,
          ...limits,
          // An update keeps the old backoff unless told otherwise.
          ...(backoffNs.length === 0 && info.config.backoff?.length
            ? { backoff: [] }
            : {}),
        });
      }
    } catch (error) {
      if (!isApiError(error, JetStreamApiCodes.ConsumerNotFound)) throw error;
      await jsm.consumers.add(stream, {
        durable_name: sub.durableName,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        ...limits,
        ...filter,
      });
    }
  }

  /** The subscription's loop: fetch, handle in order, again; binds again after failures and reconnects. */
  private async consume(sub: NatsSubscription): Promise<void> {
    const signal = sub.stopping.signal;
    let failures = 0;
    while (!signal.aborted) {
      if (!(await this.whenConnected(signal))) break;
      try {
        if (!sub.consumer || sub.generation !== this.generation) {
          await this.bind(sub);
        }
        if (!sub.settled) await this.awaitEarlierDeliveries(sub);
        await this.fetchAndHandle(sub);
        failures = 0;
      } catch (error) {
        if (signal.aborted) break;
        failures++;
        // The consumer may be gone (deleted, a server without its store).
        sub.consumer = undefined;
        const delay = backoff(failures, 250, 5_000);
        this.logger.warn(
          {
            durableName: sub.durableName,
            attempt: failures,
            retryInMs: delay,
            error: errorText(error),
          },
          'NATS consumer failed; trying again',
        );
        await sleep(delay, signal);
      }
    }
  }

  /** One fetch: its messages are handled one after the other, in stream order. */
  private async fetchAndHandle(sub: NatsSubscription): Promise<void> {
    const signal = sub.stopping.signal;
    const nc = this.nc;
    const consumer = sub.consumer!;
    const batch = await consumer.fetch({
      max_messages: this.options.maxMessages ?? 100,
      expires: FETCH_EXPIRES_MS,
    });
    // Received and not yet handled, in order. Read off the fetch at once so
    // every delivered message is in reach of the heartbeat below.
    const waiting: JsMsg[] = [];
    let inHand: JsMsg | undefined;
    let ended = false;
    let endError: unknown;
    let wake: (() => void) | undefined;
    const reader = (async () => {
      try {
        for await (const m of batch) {
          waiting.push(m);
          wake?.();
        }
      } catch (error) {
        endError = error;
      } finally {
        ended = true;
        wake?.();
      }
    })();
    const heartbeat = setInterval(() => {
      for (const m of inHand ? [inHand, ...waiting] : waiting) {
        try {
          m.working();
        } catch {
          // the connection is closed: these messages will be redelivered
        }
      }
    }, Math.max(100, Math.floor(this.ackWaitMs / 3)));
    const stopFetch = () => void batch.stop();
    signal.addEventListener('abort', stopFetch, { once: true });
    try {
      while (!signal.aborted) {
        const next = waiting.shift();
        if (!next) {
          if (ended) break;
          await new Promise<void>(resolve => {
            const done = () => {
              signal.removeEventListener('abort', done);
              wake = undefined;
              resolve();
            };
            wake = done;
            signal.addEventListener('abort', done, { once: true });
          });
          continue;
        }
        inHand = next;
        const handled = await this.handleInOrder(sub, next, nc);
        inHand = undefined;
        if (!handled) {
          waiting.unshift(next);
          break;
        }
      }
    } finally {
      clearInterval(heartbeat);
      signal.removeEventListener('abort', stopFetch);
      if (!ended) batch.stop();
      await reader;
      // Stopping: give the rest back in order, so another subscriber of the
      // durable has them now rather than after ack_wait. (From a replaced
      // connection they cannot be: they come back after ack_wait.)
      if (this.nc === nc && nc && !nc.isClosed()) {
        for (const m of waiting) {
          try {
            m.nak();
          } catch {
            // redelivered after ack_wait instead
          }
        }
      }
    }
    if (endError && !signal.aborted) throw endError;
  }

  /**
   * Hands `m` to the handler until it resolves, then acknowledges it.
   * False when it was left unacknowledged: the subscription stops, or the
   * connection it came on was replaced (it will be redelivered).
   */
  private async handleInOrder(
    sub: NatsSubscription,
    m: JsMsg,
    nc: NatsConnection | undefined,
  ): Promise<boolean> {
    const signal = sub.stopping.signal;
    if (
      sub.clientSideFilter &&
      !sub.subjects.some(p => subjectMatches(p, m.subject))
    ) {
      await this.ack(m);
      return true;
    }
    const incoming = toIncoming(m);
    for (let retry = 0; ; retry++) {
      // Handling while disconnected would only get the message redelivered.
      if (signal.aborted) return false;
      if (!(await this.whenConnected(signal)) || this.nc !== nc) return false;
      const attempt: IncomingMessage = {
        ...incoming,
        headers: { ...incoming.headers },
        deliveryAttempt: incoming.deliveryAttempt + retry,
      };
      try {
        await sub.handler(attempt);
      } catch (error) {
        if (signal.aborted) return false;
        const delay = backoff(
          retry + 1,
          this.options.retryBackoff?.baseMs ?? 1_000,
          this.options.retryBackoff?.maxMs ?? 30_000,
        );
        this.logger.warn(
          {
            err: error,
            messageId: attempt.id,
            subject: m.subject,
            deliveryAttempt: attempt.deliveryAttempt,
            retryInMs: delay,
          },
          'handler failed; the message is handed over again before any later one',
        );
        await sleep(delay, signal);
        if (signal.aborted) return false;
        continue;
      }
      await this.ack(m);
      return true;
    }
  }

  /** Waits for the server's confirmation: an unconfirmed ack is redelivered after ack_wait. */
  private async ack(m: JsMsg): Promise<void> {
    try {
      await m.ackAck();
    } catch (error) {
      this.logger.warn(
        { messageId: m.headers?.get('Nats-Msg-Id'), error: errorText(error) },
        'ack not confirmed; the message may be delivered again',
      );
    }
  }

  private serverAtLeast(major: number, minor: number): boolean {
    const version = this.nc?.info?.version ?? '0.0.0';
    const [ma = 0, mi = 0] = version
      .split('.')
      .map(n => Number.parseInt(n, 10));
    return ma > major || (ma === major && mi >= minor);
  }

  /** Connected, stream ensured, and JetStream answers now. */
  async healthy(): Promise<boolean> {
    const jsm = this.jsm;
    if (this.current !== 'connected' || !jsm) return false;
    try {
      await jsm.streams.info(this.options.stream);
      return true;
    } catch {
      return false;
    }
  }

  /** Stops the subscriptions (their message in hand first), then the connection and its supervisor. */
  async close(): Promise<void> {
    const closing = this.closing;
    const subscriptions = [...this.subscriptions];
    this.subscriptions.clear();
    for (const sub of subscriptions) sub.stopping.abort();
    // Before the connection goes: a message in hand is acknowledged on it.
    await Promise.all(subscriptions.map(sub => sub.loop));
    closing?.abort();
    this.closing = undefined;
    this.setupToken++;
    const nc = this.nc;
    if (nc && !nc.isClosed()) {
      if (this.current === 'connected') {
        await Promise.race([nc.drain(), sleep(5_000)]).catch(() => undefined);
      }
      if (!nc.isClosed()) await nc.close().catch(() => undefined);
    }
    await this.supervisor;
    this.supervisor = undefined;
    this.firstAttempt = undefined;
    this.nc = undefined;
    this.js = undefined;
    this.jsm = undefined;
    this.setState('closed');
  }
}

/**
 * JetStream's waits before redelivering an unacknowledged message: ack_wait,
 * then doubling up to MAX_REDELIVERY_DELAY_MS (the last one repeats),
 * fewer values than `maxDeliver`.
 */
export function redeliveryBackoff(
  ackWaitMs: number,
  maxDeliver: number,
): number[] {
  const values: number[] = [];
  let delay = ackWaitMs;
  while (values.length < maxDeliver - 1) {
    values.push(nanos(delay));
    if (delay >= MAX_REDELIVERY_DELAY_MS) break;
    delay = Math.min(delay * 2, MAX_REDELIVERY_DELAY_MS);
  }
  return values;
}

function toIncoming(m: JsMsg): IncomingMessage {
  const headers: Record<string, string> = {};
  let natsId = '';
  let chassisId = '';
  if (m.headers) {
    for (const [key, values] of m.headers) {
      const value = values[values.length - 1] ?? '';
      const lower = key.toLowerCase();
      if (lower === 'nats-msg-id') natsId = value;
      else if (lower === MESSAGE_ID_HEADER.toLowerCase()) chassisId = value;
      else headers[key] = value;
    }
  }
  return {
    id: chassisId || natsId || `${m.info.stream}:${m.seq}`,
    subject: m.subject,
    body: m.string(),
    headers,
    deliveryAttempt: m.info.deliveryCount,
  };
}
