import { afterEach, describe, expect, it } from 'vitest';
import { NatsBroker, type NatsBrokerState } from '../src/messaging/nats';
import {
  BrokerUnavailableError,
  type OutgoingMessage,
} from '../src/messaging/types';
import {
  freePort,
  natsServerAvailable,
  startNatsServer,
  type NatsTestServer,
} from '../src/testing/natsServer';
import { uniqueName } from './support/infra';
import { waitFor } from './support/waitFor';

/** Polls `condition` every 50 ms; fails with `what` after `timeoutMs`. */

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

describe('NatsBroker with a server that goes away', async () => {
  const available = await natsServerAvailable();
  describe.skipIf(!available)('(own nats-server)', () => {
    let server: NatsTestServer | undefined;
    let broker: NatsBroker | undefined;
    let prefix: string;
    let stream: string;

    const make = (url: string) => {
      prefix = uniqueName('evt').toLowerCase();
      stream = uniqueName('STREAM');
      broker = new NatsBroker({ servers: url, stream, eventPrefix: prefix });
      return broker;
    };
    const message = (id: string): OutgoingMessage => ({
      id,
      subject: `${prefix}.order.placed`,
      key: 'order-1',
      body: JSON.stringify({ id }),
      headers: { 'event-type': 'order.placed' },
    });

    afterEach(async () => {
      await broker?.close();
      await server?.dispose();
      broker = undefined;
      server = undefined;
    });

    it('keeps reconnecting while the server is down longer than the old give-up limit, then publishes and consumes again without a new broker object', async () => {
      server = await startNatsServer();
      const nats = make(server.url);
      const states: NatsBrokerState[] = [];
      nats.onStateChange(state => states.push(state));
      await nats.connect();
      expect(nats.state()).toBe('connected');
      const received: string[] = [];
      await nats.subscribe(
        [`${prefix}.>`],
        async m => void received.push(m.id),
        { durableName: uniqueName('projection') },
      );
      await nats.publish(message('before'));
      await waitFor('the first message', () => received.includes('before'));

      await server.stop();
      const downSince = Date.now();
      await waitFor('healthy() false', async () => !(await nats.healthy()));
      // The old client gave up after 10 reconnect attempts 2 s apart.
      while (Date.now() - downSince < 25_000) {
        const started = Date.now();
        await expect(nats.publish(message('lost'))).rejects.toBeInstanceOf(
          BrokerUnavailableError,
        );
        expect(Date.now() - started).toBeLessThan(200);
        expect(await nats.healthy()).toBe(false);
        await sleep(1_000);
      }

      await server.restart();
      const reconnectMs = await waitFor('healthy() true', () => nats.healthy());
      expect(reconnectMs).toBeLessThan(5_000);
      await nats.publish(message('after'));
      await waitFor('the message published after the restart', () =>
        received.includes('after'),
      );
      // At least once: a server stopped right after an ack may not have
      // stored it and delivers 'before' again (the inbox drops such copies).
      expect([...new Set(received)]).toEqual(['before', 'after']);
      expect(received.filter(id => id === 'after')).toHaveLength(1);
      expect(states).toContain('reconnecting');
      expect(states.at(-1)).toBe('connected');
    });

    it('starts while the server is down: connect() resolves, healthy() is false, publish fails fast; once the server is up it ensures the stream and a subscription made meanwhile consumes', async () => {
      const port = await freePort();
      const url = `nats://127.0.0.1:${port}`;
      const nats = make(url);
      const started = Date.now();
      await nats.connect();
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(await nats.healthy()).toBe(false);
      expect(nats.state()).toBe('connecting');

      const failedAt = Date.now();
      const error = await nats.publish(message('early')).catch(e => e);
      expect(Date.now() - failedAt).toBeLessThan(200);
      expect(error).toBeInstanceOf(BrokerUnavailableError);
      expect((error as Error).message).toContain(url);
      expect((error as Error).message).toMatch(/outbox/);

      const received: string[] = [];
      await nats.subscribe(
        [`${prefix}.>`],
        async m => void received.push(m.id),
        { durableName: uniqueName('projection') },
      );
      await sleep(1_500);

      server = await startNatsServer({ port });
      await waitFor('healthy() true', () => nats.healthy(), 8_000);
      const info = await nats.manager().streams.info(stream);
      expect(info.config.subjects).toEqual([`${prefix}.>`]);
      await nats.publish(message('m-1'));
      await waitFor('the message', () => received.includes('m-1'));
      expect(received).toEqual(['m-1']);
    });

    it('makes a new connection when the connection is closed under it, and the subscription follows', async () => {
      server = await startNatsServer();
      const nats = make(server.url);
      await nats.connect();
      const received: string[] = [];
      await nats.subscribe(
        [`${prefix}.>`],
        async m => void received.push(m.id),
        { durableName: uniqueName('projection') },
      );
      const first = nats.connection();
      // What the client does itself after an authorization error, or a
      // reconnect policy that ran out: the connection is closed for good.
      await first!.close();
      await waitFor(
        'a new connection',
        async () => nats.connection() !== first && (await nats.healthy()),
      );
      await nats.publish(message('m-1'));
      await waitFor('the message', () => received.includes('m-1'));
      expect(received).toEqual(['m-1']);
    });

    it('consumes, once the server is back, the messages stored before it went down with a subscription made while it was down', async () => {
      server = await startNatsServer();
      const nats = make(server.url);
      await nats.connect();
      for (let i = 0; i < 5; i++) await nats.publish(message(`m-${i}`));
      await server.stop();
      await waitFor('healthy() false', async () => !(await nats.healthy()));
      const received: string[] = [];
      // Subscribed while the server is down: starts once it is back.
      await nats.subscribe(
        [`${prefix}.>`],
        async m => void received.push(m.id),
        { durableName: uniqueName('projection') },
      );
      await server.restart();
      await waitFor('healthy() true', () => nats.healthy());
      await waitFor('five messages', () => received.length === 5);
      expect(received).toEqual(['m-0', 'm-1', 'm-2', 'm-3', 'm-4']);
    });
  });
});
