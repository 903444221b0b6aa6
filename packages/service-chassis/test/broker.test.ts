import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadChassisConfig } from '../src/config';
import { createBroker } from '../src/messaging/createBroker';
import {
  BrokerUnavailableError,
  InProcessBroker,
} from '../src/messaging/inProcess';
import { KafkaBroker } from '../src/messaging/kafka';
import { NatsBroker } from '../src/messaging/nats';
import {
  subjectMatches,
  subjectPatternToRegExp,
} from '../src/messaging/subjects';
import type { IncomingMessage, OutgoingMessage } from '../src/messaging/types';
import { NATS_URL, natsAvailable, uniqueName } from './support/infra';

const message = (
  id: string,
  subject = 'orders.order.placed',
): OutgoingMessage => ({
  id,
  subject,
  key: 'order-1',
  body: JSON.stringify({ id }),
  headers: {
    'event-type': 'order.placed',
    traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
  },
});

describe('subject patterns', () => {
  it.each([
    ['orders.>', 'orders.order.placed', true],
    ['orders.>', 'orders', false],
    ['orders.*', 'orders.order', true],
    ['orders.*', 'orders.order.placed', false],
    ['orders.*.placed', 'orders.order.placed', true],
    ['orders.order.placed', 'orders.order.placed', true],
    ['orders.order.placed', 'orders.order.cancelled', false],
  ])('%s matches %s: %s', (pattern, subject, expected) => {
    expect(subjectMatches(pattern, subject)).toBe(expected);
    expect(subjectPatternToRegExp(pattern).test(subject)).toBe(expected);
  });
});

describe('InProcessBroker', () => {
  it('delivers to each durable consumer, from the oldest stored message for a new one', async () => {
    const broker = new InProcessBroker();
    const a: string[] = [];
    const b: string[] = [];
    await broker.publish(message('1'));
    await broker.subscribe(['orders.>'], async m => void a.push(m.id), {
      durableName: 'a',
    });
    await broker.publish(message('2'));
    await broker.publish(message('3', 'payments.payment.taken'));
    await broker.subscribe(['orders.order.*'], async m => void b.push(m.id), {
      durableName: 'b',
    });
    await broker.whenIdle();
    expect(a).toEqual(['1', '2']);
    expect(b).toEqual(['1', '2']);
    await broker.close();
  });

  it('keeps a durable consumer position across unsubscribe and resubscribe', async () => {
    const broker = new InProcessBroker();
    const seen: string[] = [];
    const sub = await broker.subscribe(
      ['orders.>'],
      async m => void seen.push(m.id),
      {
        durableName: 'd',
      },
    );
    await broker.publish(message('1'));
    await broker.whenIdle();
    await sub.stop();
    await broker.publish(message('2'));
    expect(broker.pending('d')).toBe(1);
    await broker.subscribe(['orders.>'], async m => void seen.push(m.id), {
      durableName: 'd',
    });
    await broker.whenIdle();
    expect(seen).toEqual(['1', '2']);
    await broker.close();
  });

  it('redelivers a rejected message with the attempt counted, while later ones go on', async () => {
    const broker = new InProcessBroker();
    const deliveries: Array<[string, number]> = [];
    await broker.subscribe(
      ['orders.>'],
      async (m: IncomingMessage) => {
        deliveries.push([m.id, m.deliveryAttempt]);
        if (m.id === '1' && m.deliveryAttempt < 3) throw new Error('not yet');
      },
      { durableName: 'd' },
    );
    await broker.publish(message('1'));
    await broker.publish(message('2'));
    await broker.whenIdle();
    expect(deliveries).toEqual([
      ['1', 1],
      ['2', 1],
      ['1', 2],
      ['1', 3],
    ]);
    expect(broker.stats).toMatchObject({ delivered: 4, redelivered: 2 });
    await broker.close();
  });

  it('drops a message id seen within the duplicate window', async () => {
    let clock = 0;
    const broker = new InProcessBroker({
      duplicateWindowMs: 1000,
      now: () => clock,
    });
    const seen: string[] = [];
    await broker.subscribe(['orders.>'], async m => void seen.push(m.id), {
      durableName: 'd',
    });
    await broker.publish(message('x'));
    clock = 999;
    await broker.publish(message('x'));
    clock = 2000;
    await broker.publish(message('x'));
    await broker.whenIdle();
    expect(seen).toEqual(['x', 'x']);
    expect(broker.stats).toMatchObject({ published: 2, duplicates: 1 });
    await broker.close();
  });

  it('rejects publishes while switched off, and accepts them again after', async () => {
    const broker = new InProcessBroker();
    broker.setAvailable(false);
    await expect(broker.publish(message('1'))).rejects.toBeInstanceOf(
      BrokerUnavailableError,
    );
    expect(await broker.healthy()).toBe(false);
    broker.setAvailable(true);
    await broker.publish(message('1'));
    expect(await broker.healthy()).toBe(true);
    expect(broker.stats.published).toBe(1);
    await broker.close();
  });
});

describe('createBroker', () => {
  it('builds the configured kind', () => {
    expect(
      createBroker({ broker: { kind: 'in-process' }, eventPrefix: 'orders' })
        .kind,
    ).toBe('in-process');
    expect(
      createBroker({
        broker: {
          kind: 'nats',
          servers: 'nats://127.0.0.1:4222',
          stream: 'ORDERS',
        },
        eventPrefix: 'orders',
      }),
    ).toBeInstanceOf(NatsBroker);
    expect(
      createBroker({
        broker: {
          kind: 'kafka',
          brokers: ['127.0.0.1:9092'],
          clientId: 'orders',
        },
        eventPrefix: 'orders',
      }),
    ).toBeInstanceOf(KafkaBroker);
  });

  it('gives NATS the duplicate window from NATS_DUPLICATE_WINDOW_MS (default 10 min)', () => {
    const defaults = { serviceName: 'orders', tier: 'standard' } as const;
    const window = (env: NodeJS.ProcessEnv) => {
      const config = loadChassisConfig({ BROKER: 'nats', ...env }, defaults);
      const broker = createBroker(config) as NatsBroker;
      return [
        config.broker.kind === 'nats' && config.broker.duplicateWindowMs,
        broker.duplicateWindowMs,
      ];
    };
    expect(window({})).toEqual([600_000, 600_000]);
    expect(window({ NATS_DUPLICATE_WINDOW_MS: '900000' })).toEqual([
      900_000, 900_000,
    ]);
    expect(() => window({ NATS_DUPLICATE_WINDOW_MS: 'soon' })).toThrow(
      /NATS_DUPLICATE_WINDOW_MS/,
    );
  });
});

describe('NatsBroker', async () => {
  const available = await natsAvailable();
  describe.skipIf(!available)('on a JetStream server', () => {
    let broker: NatsBroker;
    let prefix: string;
    let stream: string;
    beforeEach(async () => {
      prefix = uniqueName('evt').toLowerCase();
      stream = uniqueName('STREAM');
      broker = new NatsBroker({
        servers: NATS_URL,
        stream,
        eventPrefix: prefix,
        retryBackoff: { baseMs: 10, maxMs: 20 },
      });
      await broker.connect();
    });
    afterEach(async () => {
      await broker.manager().streams.delete(stream);
      await broker.close();
    });

    it('creates the stream for the prefix and round-trips id, subject, body and headers', async () => {
      const info = await broker.manager().streams.info(stream);
      expect(info.config.subjects).toEqual([`${prefix}.>`]);
      expect(await broker.healthy()).toBe(true);

      const received: IncomingMessage[] = [];
      let done!: () => void;
      const got = new Promise<void>(resolve => (done = resolve));
      const sub = await broker.subscribe(
        // Two subjects: filter_subjects on nats-server 2.10+, filtered by the client before.
        [`${prefix}.order.placed`, `${prefix}.order.cancelled`],
        async m => {
          received.push(m);
          if (received.length === 2) done();
        },
        { durableName: uniqueName('billing') },
      );
      await broker.publish({
        ...message('n-0'),
        subject: `${prefix}.payment.taken`,
      });
      await broker.publish({
        ...message('n-1'),
        subject: `${prefix}.order.placed`,
      });
      await broker.publish({
        ...message('n-2'),
        subject: `${prefix}.order.cancelled`,
      });
      await got;
      await sub.stop();
      expect(received.map(m => [m.id, m.subject, m.deliveryAttempt])).toEqual([
        ['n-1', `${prefix}.order.placed`, 1],
        ['n-2', `${prefix}.order.cancelled`, 1],
      ]);
      expect(received[0]!.body).toBe(JSON.stringify({ id: 'n-1' }));
      expect(received[0]!.headers).toMatchObject(message('n-1').headers);
    });

    it('hands a failed message to the handler again with the attempt counted, without a server redelivery', async () => {
      const attempts: number[] = [];
      let done!: () => void;
      const finished = new Promise<void>(resolve => (done = resolve));
      const durable = uniqueName('retry');
      const sub = await broker.subscribe(
        [`${prefix}.>`],
        async m => {
          attempts.push(m.deliveryAttempt);
          if (m.deliveryAttempt < 3) throw new Error('not yet');
          done();
        },
        { durableName: durable },
      );
      await broker.publish({
        ...message('r-1'),
        subject: `${prefix}.order.placed`,
      });
      await finished;
      await sub.stop();
      expect(attempts).toEqual([1, 2, 3]);
      const info = await broker.manager().consumers.info(stream, durable);
      expect(info.num_ack_pending).toBe(0);
      expect(info.num_redelivered).toBe(0);
    });
  });
});
