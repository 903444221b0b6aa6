/**
 * Drain after a broker outage: a relay publishing to a NATS JetStream server
 * of its own (started, stopped and restarted here), with the broker's real
 * resilience policy (standard tier), while events are written at a steady
 * rate. Prints the backlog when the broker returns, how long after its
 * return the first backlog row is published (the drain start) and the
 * backlog is gone (the drain end).
 *
 *   npx tsx bench/drain.ts [--outage-seconds 60] [--rate 200]
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';
import { NatsBroker } from '../src/messaging/nats';
import { OutboxRelay } from '../src/outbox/relay';
import { PolicyRegistry } from '../src/resilience/policies';
import { postgresDatabase } from '../src/testing/infra';
import { startNatsServer } from '../src/testing/natsServer';
import { answers } from '../src/testing/infra';

export interface DrainBenchResult {
  outageSeconds: number;
  backlogAtReturn: number;
  drainStartMs: number;
  drainEndMs: number;
}

const DATABASE_URL =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/test';

export async function runDrainBench(
  options: { outageSeconds?: number; rate?: number } = {},
): Promise<DrainBenchResult | { skipped: string }> {
  const outageSeconds = options.outageSeconds ?? 60;
  const rate = options.rate ?? 200;
  if (!(await answers(DATABASE_URL, 5432))) {
    const skipped = `PostgreSQL does not answer at ${DATABASE_URL}`;
    console.log(`drain bench skipped: ${skipped}.`);
    return { skipped };
  }
  const database = await postgresDatabase();
  const nats = await startNatsServer();
  const logger = pino({ level: 'silent' });
  const policies = new PolicyRegistry({ tier: 'standard', logger, env: {} });
  const broker = new NatsBroker({
    servers: nats.url,
    stream: `DRAIN_${randomUUID().slice(0, 8)}`.toUpperCase(),
    eventPrefix: 'drain',
    logger,
  });
  const { db } = database;
  const relay = new OutboxRelay({
    db,
    broker,
    eventPrefix: 'drain',
    policy: policies.create('broker'),
    pollIntervalMs: 50,
    logger,
  });
  let writing = true;
  const write = async () => {
    const gap = 1000 / rate;
    let next = performance.now();
    let i = 0;
    while (writing) {
      const now = Date.now();
      await db('outbox').insert({
        id: randomUUID(),
        aggregate_type: 'order',
        aggregate_id: `order-${i++ % 500}`,
        event_type: 'order.placed',
        payload: JSON.stringify({ i }),
        headers: '{}',
        created_at: now,
        next_attempt_at: now,
      });
      next += gap;
      const wait = next - performance.now();
      if (wait > 0) await sleep(wait);
    }
  };
  try {
    await broker.connect();
    relay.start();
    const writer = write();
    await sleep(5_000);
    await nats.stop();
    const down = Date.now();
    console.log(
      `\nDrain after a broker outage: ${outageSeconds} s, ${rate} events/s written throughout`,
    );
    await sleep(outageSeconds * 1000);
    await nats.restart();
    const back = Date.now();
    const backlogAtReturn = Number(
      (
        (await db('outbox')
          .whereNull('published_at')
          .count({ n: '*' })
          .first()) as {
          n: number | string;
        }
      ).n,
    );
    // Rows written during the outage: the first one published starts the drain.
    let drainStartMs = -1;
    let drainEndMs = -1;
    for (;;) {
      if (drainStartMs < 0) {
        const first = (await db('outbox')
          .where('created_at', '>=', down)
          .andWhere('created_at', '<', back)
          .whereNotNull('published_at')
          .min({ at: 'published_at' })
          .first()) as { at: number | string | null };
        if (first.at !== null) drainStartMs = Number(first.at) - back;
      }
      const pending = Number(
        (
          (await db('outbox')
            .whereNull('published_at')
            .andWhere('created_at', '<', back)
            .count({ n: '*' })
            .first()) as { n: number | string }
        ).n,
      );
      if (pending === 0) {
        drainEndMs = Date.now() - back;
        break;
      }
      if (Date.now() - back > 10 * 60_000) {
        throw new Error(
          `${pending} rows still pending 10 min after the broker returned`,
        );
      }
      await sleep(100);
    }
    writing = false;
    await writer;
    console.log(
      [
        `  backlog when the broker returned: ${backlogAtReturn} events`,
        `  drain started ${drainStartMs} ms after the return (goal: within 5,000 ms)`,
        `  backlog gone ${drainEndMs} ms after the return`,
      ].join('\n'),
    );
    return { outageSeconds, backlogAtReturn, drainStartMs, drainEndMs };
  } finally {
    writing = false;
    await relay.stop();
    await broker.close();
    await nats.dispose();
    await database.destroy();
  }
}

function argument(name: string): number | undefined {
  const index = process.argv.indexOf(`--${name}`);
  if (index === -1) return undefined;
  const value = Number(process.argv[index + 1]);
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`--${name} needs a positive number`);
  }
  return value;
}

if (require.main === module) {
  runDrainBench({
    outageSeconds: argument('outage-seconds'),
    rate: argument('rate'),
  }).catch(error => {
    console.error(error);
    process.exit(1);
  });
}
