/**
 * Outbox relay throughput against raw JetStream publishing, on PostgreSQL and
 * NATS (skipped, with the reason, when either does not answer).
 *
 *   npx tsx bench/relay.ts [--events 20000] [--batch-size 500] [--concurrency 64] [--pipeline-depth 2]
 *
 * Inserts N outbox rows, times the relay draining them to a JetStream stream,
 * and times publishing N messages of the same size straight to JetStream with
 * the same number of publishes in flight (before and after the relay, averaged). Goal: relay >= 0.5 x raw.
 */
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, headers as natsHeaders } from '@nats-io/transport-node';
import knexFactory from 'knex';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { createDb, migrateLatest } from '../src/db/knex';
import { NatsBroker } from '../src/messaging/nats';
import { OutboxRelay } from '../src/outbox/relay';
import { answers } from '../src/testing/infra';

export interface RelayBenchOptions {
  events?: number;
  batchSize?: number;
  concurrency?: number;
  pipelineDepth?: number;
  databaseUrl?: string;
  natsUrl?: string;
}

export type RelayBenchResult =
  | { skipped: string }
  | {
      events: number;
      batchSize: number;
      concurrency: number;
      pipelineDepth: number;
      messageBytes: number;
      relayPerSecond: number;
      rawPerSecond: number;
      ratio: number;
      goalMet: boolean;
    };

const DATABASE_URL =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/test';
const NATS_URL =
  process.env.BENCH_NATS_URL ??
  process.env.TEST_NATS_URL ??
  'nats://127.0.0.1:4222';

/** A payload and headers the size of a typical order.placed event. */
function sampleEvent(i: number, aggregates: number) {
  const aggregateId = `order-${i % aggregates}`;
  const payload = JSON.stringify({
    orderId: aggregateId,
    sagaId: randomUUID(),
    customerId: `customer-${i % 977}`,
    items: [
      { sku: `sku-${i % 101}`, quantity: 1 + (i % 3) },
      { sku: `sku-${(i + 7) % 101}`, quantity: 1 },
    ],
    paymentMethod: 'card',
    shippingAddress: {
      name: 'Ada Lovelace',
      line1: '12 Analytical Row',
      city: 'London',
      postalCode: 'N1 9GU',
      country: 'GB',
    },
  });
  const headers = {
    traceparent: `00-${randomUUID().replace(/-/g, '')}-${randomUUID()
      .replace(/-/g, '')
      .slice(0, 16)}-01`,
    'idempotency-key': randomUUID(),
  };
  return { aggregateId, payload, headers };
}

const rate = (n: number, ms: number) => Math.round((n / ms) * 1000);

export async function runRelayBench(
  options: RelayBenchOptions = {},
): Promise<RelayBenchResult> {
  const events = options.events ?? 20_000;
  const batchSize = options.batchSize ?? 500;
  const concurrency = options.concurrency ?? 64;
  const pipelineDepth = options.pipelineDepth ?? 2;
  const databaseUrl = options.databaseUrl ?? DATABASE_URL;
  const natsUrl = options.natsUrl ?? NATS_URL;

  if (!(await answers(databaseUrl, 5432))) {
    const skipped = `PostgreSQL does not answer at ${databaseUrl}`;
    console.log(`relay bench skipped: ${skipped}.`);
    return { skipped };
  }
  if (!(await answers(natsUrl, 4222))) {
    const skipped = `NATS does not answer at ${natsUrl}`;
    console.log(`relay bench skipped: ${skipped}.`);
    return { skipped };
  }

  const suffix = randomUUID().replace(/-/g, '').slice(0, 12);
  const dbName = `relay_bench_${suffix}`;
  const prefix = `bench${suffix}`;
  const relayStream = `BENCH_RELAY_${suffix}`.toUpperCase();
  const rawStream = `BENCH_RAW_${suffix}`.toUpperCase();
  const admin = knexFactory({ client: 'pg', connection: databaseUrl });
  await admin.raw(`CREATE DATABASE ${dbName}`);
  const url = new URL(databaseUrl);
  url.pathname = `/${dbName}`;
  const db = createDb({ client: 'pg', connectionString: url.toString() });
  const broker = new NatsBroker({
    servers: natsUrl,
    stream: relayStream,
    eventPrefix: prefix,
  });
  const nc = await connect({ servers: natsUrl });
  const jsm = await jetstreamManager(nc);

  try {
    await migrateLatest(db);
    await broker.connect();
    await jsm.streams.add({ name: rawStream, subjects: [`${prefix}raw.>`] });

    // Four events per aggregate: the relay has to keep their order.
    const aggregates = Math.max(1, Math.floor(events / 4));
    const samples = Array.from({ length: events }, (_, i) =>
      sampleEvent(i, aggregates),
    );
    const createdAt = Date.now();
    for (let i = 0; i < events; i += 1000) {
      await db('outbox').insert(
        samples.slice(i, i + 1000).map(s => ({
          id: randomUUID(),
          aggregate_type: 'order',
          aggregate_id: s.aggregateId,
          event_type: 'order.placed',
          payload: s.payload,
          headers: JSON.stringify(s.headers),
          created_at: createdAt,
          next_attempt_at: createdAt,
        })),
      );
    }
    await db.raw('ANALYZE outbox');
    const messageBytes = samples[0]!.payload.length;

    // Raw: the same messages straight to JetStream, `concurrency` in flight.
    const js = jetstream(nc);
    const rawPublish = async (i: number) => {
      const s = samples[i]!;
      const h = natsHeaders();
      for (const [k, v] of Object.entries(s.headers)) h.set(k, v);
      h.set('event-type', 'order.placed');
      h.set('aggregate-type', 'order');
      h.set('aggregate-id', s.aggregateId);
      await js.publish(`${prefix}raw.order.placed`, s.payload, {
        msgID: randomUUID(),
        headers: h,
      });
    };
    const rawRun = async () => {
      let next = 0;
      const start = performance.now();
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < events) await rawPublish(next++);
        }),
      );
      return performance.now() - start;
    };
    // Raw before and after the relay, averaged: the machine's load drifts.
    const rawBefore = await rawRun();

    // Relay: drain the outbox as the service runs it (start(), batches pipelined).
    let published = 0;
    let drained!: () => void;
    let broken!: (error: Error) => void;
    const done = new Promise<void>((resolve, reject) => {
      drained = resolve;
      broken = reject;
    });
    const relay = new OutboxRelay({
      db,
      broker,
      eventPrefix: prefix,
      batchSize,
      concurrency,
      pipelineDepth,
      pollIntervalMs: 10,
      onPoll: result => {
        if (result.failed > 0)
          broken(new Error(`relay failed ${result.failed} publishes`));
        published += result.published;
        if (published >= events) drained();
      },
    });
    const relayStart = performance.now();
    relay.start();
    try {
      await done;
    } finally {
      await relay.stop();
    }
    const relayMs = performance.now() - relayStart;
    const rawMs = (rawBefore + (await rawRun())) / 2;
    const stored = (await jsm.streams.info(relayStream)).state.messages;
    if (stored !== events)
      throw new Error(`stream holds ${stored} messages, expected ${events}`);

    const relayPerSecond = rate(events, relayMs);
    const rawPerSecond = rate(events, rawMs);
    const ratio = Math.round((relayPerSecond / rawPerSecond) * 100) / 100;
    const result = {
      events,
      batchSize,
      concurrency,
      pipelineDepth,
      messageBytes,
      relayPerSecond,
      rawPerSecond,
      ratio,
      goalMet: ratio >= 0.5,
    };
    console.log(
      [
        `outbox relay bench: ${events} events of ${messageBytes} B, batch ${batchSize} (${pipelineDepth} in progress), ${concurrency} publishes in flight`,
        `  relay (PostgreSQL -> JetStream): ${relayPerSecond} events/s (${Math.round(
          relayMs,
        )} ms)`,
        `  raw JetStream publish:           ${rawPerSecond} msgs/s (${Math.round(
          rawMs,
        )} ms)`,
        `  ratio relay/raw: ${ratio} (goal >= 0.5: ${
          result.goalMet ? 'met' : 'NOT met'
        })`,
      ].join('\n'),
    );
    return result;
  } finally {
    await jsm.streams.delete(relayStream).catch(() => undefined);
    await jsm.streams.delete(rawStream).catch(() => undefined);
    await broker.close();
    await nc.close();
    await db.destroy();
    await admin.raw(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.destroy();
  }
}

function argument(name: string): number | undefined {
  const index = process.argv.indexOf(`--${name}`);
  if (index === -1) return undefined;
  const value = Number(process.argv[index + 1]);
  if (!Number.isInteger(value) || value <= 0) {
    throw new Error(`--${name} needs a positive integer`);
  }
  return value;
}

if (require.main === module) {
  runRelayBench({
    events: argument('events'),
    batchSize: argument('batch-size'),
    concurrency: argument('concurrency'),
    pipelineDepth: argument('pipeline-depth'),
  }).catch(error => {
    console.error(error);
    process.exit(1);
  });
}
