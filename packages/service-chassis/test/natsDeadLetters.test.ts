import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runReplayDeadLettersCli } from '../src/cli/replayDeadLetters';
import { createDb, migrateLatest } from '../src/db/knex';
import {
  createIdempotentConsumer,
  REPLAY_FOR_CONSUMER_HEADER,
} from '../src/messaging/consumer';
import { replayDeadLetters } from '../src/messaging/deadLetters';
import { InProcessBroker } from '../src/messaging/inProcess';
import { NatsBroker } from '../src/messaging/nats';
import { RecordingBroker } from '../src/testing/recordingBroker';
import {
  NATS_URL,
  natsAvailable,
  uniqueName,
  type TestDatabase,
} from './support/infra';
import { availableDatabases } from './support/outboxFixtures';
import { waitFor } from './support/waitFor';

/** A dead_letter row and its inbox row, as the consumer leaves them when it parks. */
async function parked(
  db: Knex,
  consumer: string,
  messageId: string,
  parkedAt = 1_000,
  subject = 'orders.order.placed',
): Promise<void> {
  await db('dead_letter').insert({
    consumer,
    message_id: messageId,
    subject,
    body: JSON.stringify({ messageId }),
    headers: JSON.stringify({ 'event-type': 'order.placed', n: messageId }),
    error: 'Error: poison',
    attempts: 5,
    parked_at: parkedAt,
  });
  await db('inbox').insert({
    consumer,
    message_id: messageId,
    subject,
    processed_at: parkedAt,
  });
}

const rows = async (db: Knex, table: 'dead_letter' | 'inbox') =>
  (
    (await db(table)
      .select('consumer', 'message_id')
      .orderBy(['consumer', 'message_id'])) as Array<{
      consumer: string;
      message_id: string;
    }>
  ).map(r => `${r.consumer}/${r.message_id}`);

describe('replayDeadLetters', async () => {
  const databases = await availableDatabases();
  const nats = await natsAvailable();
  describe.each(databases)('on $name', ({ create }) => {
    let t: TestDatabase;
    let broker: RecordingBroker;
    beforeEach(async () => {
      t = await create();
      broker = new RecordingBroker(
        new InProcessBroker({ duplicateWindowMs: 0 }),
      );
    });
    afterEach(async () => {
      await broker.close();
      await t.destroy();
    });

    it("re-publishes a consumer's parked messages (same id, subject, body, headers) and deletes their dead_letter and inbox rows", async () => {
      await parked(t.db, 'billing', 'm-1', 1_000);
      await parked(t.db, 'billing', 'm-2', 2_000);
      await parked(t.db, 'shipping', 'm-3', 1_500);
      // Another consumer processed m-1: its inbox row stays.
      await t.db('inbox').insert({
        consumer: 'shipping',
        message_id: 'm-1',
        subject: 'orders.order.placed',
        processed_at: 500,
      });

      const result = await replayDeadLetters(t.db, broker, {
        consumer: 'billing',
      });
      expect(result).toMatchObject({
        selected: 2,
        replayed: 2,
        failed: 0,
        notAttempted: 0,
      });
      expect(broker.delivered).toEqual(
        ['m-1', 'm-2'].map(id => ({
          id,
          subject: 'orders.order.placed',
          key: '',
          body: JSON.stringify({ messageId: id }),
          headers: {
            'event-type': 'order.placed',
            n: id,
            [REPLAY_FOR_CONSUMER_HEADER]: 'billing',
          },
          deduplicationId: expect.stringMatching(new RegExp(`^${id}:replay:`)),
        })),
      );
      expect(await rows(t.db, 'dead_letter')).toEqual(['shipping/m-3']);
      expect(await rows(t.db, 'inbox')).toEqual([
        'shipping/m-1',
        'shipping/m-3',
      ]);
    });

    it('selects by message id and limit, in the order they were parked', async () => {
      await parked(t.db, 'billing', 'm-1', 3_000);
      await parked(t.db, 'billing', 'm-2', 1_000);
      await parked(t.db, 'shipping', 'm-3', 2_000);
      const byId = await replayDeadLetters(t.db, broker, {
        ids: ['m-1', 'm-3'],
      });
      expect(byId.replayed).toBe(2);
      expect(broker.delivered.map(m => m.id)).toEqual(['m-3', 'm-1']);
      const limited = await replayDeadLetters(t.db, broker, { limit: 1 });
      expect(limited).toMatchObject({ selected: 1, replayed: 1 });
      expect(await rows(t.db, 'dead_letter')).toEqual([]);
    });

    it('keeps the rows of a message whose publish fails and stops there, so later ones do not overtake it', async () => {
      for (const [i, id] of ['m-1', 'm-2', 'm-3'].entries())
        await parked(t.db, 'billing', id, i);
      broker.failWhen = (_m, attempt) => (attempt === 2 ? 'before' : undefined);
      const result = await replayDeadLetters(t.db, broker, {
        consumer: 'billing',
      });
      expect(result).toMatchObject({
        selected: 3,
        replayed: 1,
        failed: 1,
        notAttempted: 1,
      });
      expect(result.messages.map(m => [m.messageId, m.outcome])).toEqual([
        ['m-1', 'replayed'],
        ['m-2', 'failed'],
        ['m-3', 'not-attempted'],
      ]);
      expect(result.messages[1]!.error).toMatch(/simulated failure/);
      expect(await rows(t.db, 'dead_letter')).toEqual([
        'billing/m-2',
        'billing/m-3',
      ]);
      expect(await rows(t.db, 'inbox')).toEqual(['billing/m-2', 'billing/m-3']);
    });

    describe.skipIf(!nats)('through NATS JetStream', () => {
      let natsBroker: NatsBroker;
      let prefix: string;
      let stream: string;
      beforeEach(async () => {
        prefix = uniqueName('evt').toLowerCase();
        stream = uniqueName('STREAM');
        natsBroker = new NatsBroker({
          servers: NATS_URL,
          stream,
          eventPrefix: prefix,
          retryBackoff: { baseMs: 10, maxMs: 50 },
        });
        await natsBroker.connect();
      });
      afterEach(async () => {
        await natsBroker.manager().streams.delete(stream);
        await natsBroker.close();
      });

      it('delivers a message replayed at once (inside the duplicate window) to the consumer that parked it, and to no other', async () => {
        let fixed = false;
        const billed: string[] = [];
        const shipped: string[] = [];
        const billing = createIdempotentConsumer({
          db: t.db,
          broker: natsBroker,
          name: 'billing',
          subjects: [`${prefix}.>`],
          maxAttempts: 2,
          handle: async msg => {
            if (!fixed) throw new Error('bug');
            billed.push(msg.id);
          },
        });
        const shipping = createIdempotentConsumer({
          db: t.db,
          broker: natsBroker,
          name: 'shipping',
          subjects: [`${prefix}.>`],
          handle: async msg => void shipped.push(msg.id),
        });
        await billing.start();
        await shipping.start();
        await natsBroker.publish({
          id: 'm-1',
          subject: `${prefix}.order.placed`,
          key: 'order-1',
          body: '{"n":1}',
          headers: { 'event-type': 'order.placed' },
        });
        await waitFor(
          'the dead letter',
          async () => (await rows(t.db, 'dead_letter')).length === 1,
        );
        await waitFor('shipping', () => shipped.length === 1);

        fixed = true;
        const result = await replayDeadLetters(t.db, natsBroker, {
          consumer: 'billing',
        });
        expect(result.replayed).toBe(1);
        await waitFor('billing', () => billed.length === 1);
        await waitFor('both replicas of the replay acknowledged', async () => {
          const infos = await Promise.all(
            ['billing', 'shipping'].map(name =>
              natsBroker.manager().consumers.info(stream, name),
            ),
          );
          return infos.every(
            i => i.num_pending === 0 && i.num_ack_pending === 0,
          );
        });
        await billing.stop();
        await shipping.stop();
        expect(billed).toEqual(['m-1']);
        expect(shipped).toEqual(['m-1']);
        expect(await rows(t.db, 'dead_letter')).toEqual([]);
        expect(await rows(t.db, 'inbox')).toEqual([
          'billing/m-1',
          'shipping/m-1',
        ]);
      });
    });
  });

  describe.skipIf(!nats)('the CLI', () => {
    let dir: string;
    beforeEach(async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'replay-cli-'));
    });
    afterEach(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it("replays with the service's configuration from the environment and prints what it did", async () => {
      const filename = path.join(dir, 'orders.sqlite');
      const prefix = uniqueName('evt').toLowerCase();
      const stream = uniqueName('STREAM');
      const subject = `${prefix}.order.placed`;
      const db = createDb({ client: 'sqlite', filename });
      await migrateLatest(db);
      await parked(db, 'billing', 'm-1', 1, subject);
      await parked(db, 'billing', 'm-2', 2, subject);
      await parked(db, 'shipping', 'm-3', 3, subject);
      await db.destroy();
      const env = {
        SERVICE_NAME: 'orders',
        DATABASE_CLIENT: 'sqlite',
        DATABASE_FILENAME: filename,
        BROKER: 'nats',
        NATS_URL,
        NATS_STREAM: stream,
        EVENT_PREFIX: prefix,
        LOG_LEVEL: 'silent',
      };
      const lines: string[] = [];
      const code = await runReplayDeadLettersCli(
        ['--consumer', 'billing', '--id', 'm-2'],
        env,
        line => lines.push(line),
      );
      const check = createDb({ client: 'sqlite', filename });
      const inspect = new NatsBroker({
        servers: NATS_URL,
        stream,
        eventPrefix: prefix,
      });
      await inspect.connect();
      try {
        expect(code).toBe(0);
        expect(lines.join('\n')).toMatch(/replayed 1 of 1/);
        expect(lines.join('\n')).toContain('m-2');
        expect(await rows(check, 'dead_letter')).toEqual([
          'billing/m-1',
          'shipping/m-3',
        ]);
        const info = await inspect.manager().streams.info(stream);
        expect(info.state.messages).toBe(1);
      } finally {
        await check.destroy();
        await inspect.manager().streams.delete(stream);
        await inspect.close();
      }

      const usage: string[] = [];
      expect(
        await runReplayDeadLettersCli(['--bogus'], env, line =>
          usage.push(line),
        ),
      ).toBe(2);
      expect(usage.join('\n')).toMatch(/usage/i);
    });
  });
});
