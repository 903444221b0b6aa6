/**
 * The fault suite: real processes (test/fixtures/faultService.ts), real
 * PostgreSQL and a NATS JetStream server this suite starts, stops and kills
 * itself on a free port. Every count is asserted exactly.
 *
 * - the broker down for 60 s under load: 0 lost, 0 duplicate effects, the
 *   order per aggregate kept, and the drain starts within 5 s of its return;
 * - a service started while the broker is down: up, ready (degraded), and
 *   publishing once the broker appears;
 * - SIGKILL mid-saga: after a restart every saga is completed or fully
 *   compensated, each effect exactly once;
 * - two replicas on one database: no saga is run by both, and when one is
 *   killed the other takes its sagas over once their leases expire.
 */
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Knex } from 'knex';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  postgresAvailable,
  postgresDatabase,
  type TestDatabase,
} from '../src/testing/infra';
import {
  natsServerAvailable,
  startNatsServer,
  type NatsTestServer as NatsServer,
} from '../src/testing/natsServer';

const FIXTURE = path.join(__dirname, 'fixtures/faultService.ts');
const OUTAGE_MS = Number(process.env.FAULT_OUTAGE_MS ?? 60_000);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  timeoutMs: number,
  everyMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value as T;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${
          last ? ` (last error: ${String(last)})` : ''
        }`,
      );
    }
    await sleep(everyMs);
  }
}

interface ServiceProcess {
  url: string;
  replica: string;
  child: ChildProcess;
  output: () => string;
  kill(): Promise<void>;
  stop(): Promise<void>;
}

async function startService(
  env: Record<string, string>,
  replica: string,
): Promise<ServiceProcess> {
  const port = await freePort();
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE], {
    cwd: path.join(__dirname, '..'),
    env: {
      ...process.env,
      OTEL_SDK_DISABLED: 'true',
      LOG_LEVEL: 'warn',
      SERVICE_NAME: 'fault-fixture',
      SERVICE_TIER: 'standard',
      HOST: '127.0.0.1',
      PORT: String(port),
      OUTBOX_POLL_INTERVAL_MS: '50',
      // Participant calls wait on the test's own delays, on a busy machine:
      // these tests are about crashes and replicas, not about timeouts.
      POLICY_PARTICIPANTS_TIMEOUT_MS: '5000',
      POLICY_PARTICIPANTS_BUDGET_MS: '20000',
      REPLICA: replica,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', chunk => (output += String(chunk)));
  child.stderr!.on('data', chunk => (output += String(chunk)));
  const exited = new Promise<void>(resolve =>
    child.once('exit', () => resolve()),
  );
  const url = `http://127.0.0.1:${port}`;
  await until(
    `${replica} to answer /health/live (output so far: ${output.slice(-2000)})`,
    async () => {
      if (child.exitCode !== null) {
        throw new Error(`${replica} exited ${child.exitCode}: ${output}`);
      }
      return (await fetch(`${url}/health/live`)).ok;
    },
    60_000,
  );
  return {
    url,
    replica,
    child,
    output: () => output,
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function post(url: string, body: unknown): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

const count = async (q: Knex.QueryBuilder): Promise<number> => {
  const row = (await q.count({ n: '*' }).first()) as { n: number | string };
  return Number(row.n);
};

describe('fault suite (processes, PostgreSQL, NATS JetStream)', async () => {
  const ready = (await postgresAvailable()) && (await natsServerAvailable());

  // Processes start slowly on a busy 2-core machine: minutes, not seconds.
  describe.runIf(ready)('with real servers', { timeout: 180_000 }, () => {
    let database: TestDatabase;
    let nats: NatsServer;
    const services: ServiceProcess[] = [];
    let stream: string;
    let env: Record<string, string>;

    beforeEach(async () => {
      database = await postgresDatabase();
      nats = await startNatsServer();
      stream = `FAULTS_${randomUUID().slice(0, 8).toUpperCase()}`;
      env = {
        DATABASE_CLIENT: 'pg',
        DATABASE_URL: database.url!,
        BROKER: 'nats',
        NATS_URL: nats.url,
        NATS_STREAM: stream,
        EVENT_PREFIX: 'faults',
      };
    });

    afterEach(async () => {
      for (const service of services.splice(0)) {
        if (service.child.exitCode === null) await service.kill();
      }
      await nats.dispose();
      await database.destroy();
    });

    async function streamMessages(): Promise<number> {
      const nc = await connect({ servers: nats.url });
      try {
        const jsm = await jetstreamManager(nc);
        return (await jsm.streams.info(stream)).state.messages;
      } finally {
        await nc.close();
      }
    }

    it(
      `broker down ${
        OUTAGE_MS / 1000
      } s under load: 0 lost, 0 duplicates, order per aggregate kept, drain within 5 s`,
      async () => {
        const { db } = database;
        const service = await startService({ ...env, CONSUMER: 'on' }, 'r1');
        services.push(service);
        const ledgers = Array.from({ length: 20 }, (_, i) => `ledger-${i}`);
        let appended = 0;
        let refused = 0;
        let loading = true;
        const load = (async () => {
          let i = 0;
          while (loading) {
            const ledger = ledgers[i++ % ledgers.length]!;
            const res = await post(`${service.url}/ledgers/${ledger}/append`, {
              count: 1,
            });
            if (res.status === 201) appended++;
            else refused++;
            await sleep(10);
          }
        })();

        await sleep(3_000);
        await nats.stop();
        const outageStart = Date.now();
        await sleep(OUTAGE_MS);
        // Writes went on: the outbox absorbed the outage.
        const duringOutage = appended;
        await nats.restart();
        const outageEnd = Date.now();
        await sleep(3_000);
        loading = false;
        await load;

        expect(refused).toBe(0);
        expect(duringOutage).toBeGreaterThan(100);
        const total = await count(db('outbox'));
        expect(total).toBe(appended);

        await until(
          'every outbox row published and projected',
          async () =>
            (await count(db('outbox').whereNull('published_at'))) === 0 &&
            (await count(db('projection'))) === total,
          90_000,
          500,
        );
        // 0 lost, 0 duplicates: one stream message and one effect per row.
        expect(await streamMessages()).toBe(total);
        expect(await count(db('projection'))).toBe(total);
        const duplicated = await db('projection')
          .select('message_id')
          .groupBy('message_id')
          .havingRaw('COUNT(*) > 1');
        expect(duplicated).toEqual([]);
        // Order per aggregate: each ledger's entries arrive 1, 2, 3...
        const rows: Array<{ ledger_id: string; seq: number }> = await db(
          'projection',
        )
          .orderBy('id')
          .select('ledger_id', 'seq');
        const seen = new Map<string, number>();
        const outOfOrder: string[] = [];
        for (const row of rows) {
          const last = seen.get(row.ledger_id) ?? 0;
          if (row.seq !== last + 1) {
            outOfOrder.push(`${row.ledger_id}: ${row.seq} after ${last}`);
          }
          seen.set(row.ledger_id, row.seq);
        }
        expect(outOfOrder).toEqual([]);
        // The drain started within 5 s of the broker's return.
        const firstAfter = (await db('outbox')
          .where('created_at', '>=', outageStart)
          .andWhere('created_at', '<', outageEnd)
          .min({ at: 'published_at' })
          .first()) as { at: number | string };
        const drainStartMs = Number(firstAfter.at) - outageEnd;
        console.log(
          `fault suite: ${total} events (${duringOutage} before the broker returned), drain started ${drainStartMs} ms after the broker's return`,
        );
        expect(drainStartMs).toBeLessThanOrEqual(5_000);
      },
      OUTAGE_MS + 150_000,
    );

    it('starts with the broker down: ready (degraded), and publishes once the broker appears', async () => {
      const { db } = database;
      await nats.stop();
      const service = await startService(env, 'r1');
      services.push(service);
      const readyRes = await fetch(`${service.url}/health/ready`);
      expect(readyRes.status).toBe(200);
      const readiness = (await readyRes.json()) as {
        status: string;
        checks: Array<{ name: string; ok: boolean }>;
      };
      expect(readiness.status).toBe('degraded');
      expect(readiness.checks.find(c => c.name === 'broker')?.ok).toBe(false);
      for (let i = 0; i < 10; i++) {
        const res = await post(`${service.url}/ledgers/l-${i}/append`, {
          count: 3,
        });
        expect(res.status).toBe(201);
      }
      expect(await count(db('outbox').whereNull('published_at'))).toBe(30);

      await nats.restart();
      const back = Date.now();
      await until(
        'the outbox to drain after the broker appeared',
        async () => (await count(db('outbox').whereNull('published_at'))) === 0,
        30_000,
      );
      console.log(
        `fault suite: started without a broker; drained ${
          Date.now() - back
        } ms after it appeared`,
      );
      expect(await streamMessages()).toBe(30);
      await until(
        'readiness to report the broker',
        async () => {
          const res = await fetch(`${service.url}/health/ready`);
          const body = (await res.json()) as { status: string };
          return body.status === 'ready';
        },
        15_000,
      );
    });

    /** Every saga final, and its effects what its outcome says. */
    async function expectSagasSettled(
      db: Knex,
      ids: string[],
      failing: Set<string>,
    ): Promise<{ completed: number; compensated: number }> {
      await until(
        'every saga to reach a final status',
        async () =>
          (await count(
            db('sagas')
              .whereIn('id', ids)
              .whereIn('status', ['completed', 'compensated']),
          )) === ids.length,
        90_000,
        500,
      );
      const effects: Array<{ saga_id: string; action: string }> = await db(
        'effects',
      ).select('saga_id', 'action');
      const bySaga = new Map<string, string[]>();
      for (const e of effects) {
        bySaga.set(e.saga_id, [...(bySaga.get(e.saga_id) ?? []), e.action]);
      }
      const sagas: Array<{ id: string; status: string }> = await db('sagas')
        .whereIn('id', ids)
        .select('id', 'status');
      const wrong: string[] = [];
      let completed = 0;
      let compensated = 0;
      for (const saga of sagas) {
        const actions = (bySaga.get(saga.id) ?? []).sort().join(',');
        if (failing.has(saga.id)) {
          compensated++;
          // Reserved, refused at charge, released: each exactly once.
          if (saga.status !== 'compensated' || actions !== 'release,reserve') {
            wrong.push(`${saga.id}: ${saga.status} [${actions}]`);
          }
        } else {
          completed++;
          if (saga.status !== 'completed' || actions !== 'charge,reserve') {
            wrong.push(`${saga.id}: ${saga.status} [${actions}]`);
          }
        }
      }
      expect(wrong).toEqual([]);
      return { completed, compensated };
    }

    it('SIGKILL mid-saga: after a restart every saga is completed or fully compensated, each effect once', async () => {
      const { db } = database;
      const slow = {
        ...env,
        STEP_DELAY_MS: '200',
        SAGA_LEASE_TTL_MS: '3000',
        SAGA_RECOVERY_INTERVAL_MS: '500',
      };
      const first = await startService(slow, 'r1');
      services.push(first);
      const ids = Array.from({ length: 30 }, (_, i) => `t-${i}`);
      const failing = new Set(ids.filter((_, i) => i % 3 === 0));
      for (const id of ids) {
        const res = await post(`${first.url}/transfers`, {
          id,
          failCharge: failing.has(id),
        });
        expect(res.status).toBe(202);
      }
      await sleep(300);
      await first.kill();
      const running = await count(
        db('sagas').whereIn('status', ['running', 'compensating']),
      );
      expect(running).toBeGreaterThan(0);

      const second = await startService(slow, 'r2');
      services.push(second);
      const outcome = await expectSagasSettled(db, ids, failing);
      expect(outcome).toEqual({ completed: 20, compensated: 10 });
      console.log(
        `fault suite: killed with ${running} of 30 sagas in flight; all settled after the restart`,
      );
    });

    it('two replicas never run one saga; a killed replica is taken over after its leases expire', async () => {
      const { db } = database;
      const replicaEnv = {
        ...env,
        STEP_DELAY_MS: '100',
        SAGA_LEASE_TTL_MS: '3000',
        SAGA_RECOVERY_INTERVAL_MS: '500',
      };
      const a = await startService(replicaEnv, 'a');
      const b = await startService(replicaEnv, 'b');
      services.push(a, b);
      const ids = Array.from({ length: 40 }, (_, i) => `s-${i}`);
      const failing = new Set(ids.filter((_, i) => i % 4 === 0));
      await Promise.all(
        ids.map((id, i) =>
          post(`${(i % 2 === 0 ? a : b).url}/transfers`, {
            id,
            failCharge: failing.has(id),
          }),
        ),
      );
      const outcome = await expectSagasSettled(db, ids, failing);
      expect(outcome).toEqual({ completed: 30, compensated: 10 });
      // One runner per saga: all its effects by one replica, one attempt per step.
      const runners = await db('effects')
        .whereIn('saga_id', ids)
        .select('saga_id')
        .countDistinct({ replicas: 'replica' })
        .groupBy('saga_id');
      expect(runners.filter(r => Number(r.replicas) !== 1)).toEqual([]);
      const repeated = await db('saga_steps')
        .whereIn('saga_id', ids)
        .andWhere('attempt', '>', 1)
        .select('saga_id', 'step', 'phase', 'status');
      expect(repeated).toEqual([]);
      expect(a.output() + b.output()).not.toContain('another runner');

      // Kill one replica mid-flight: the other finishes its sagas.
      const more = Array.from({ length: 20 }, (_, i) => `k-${i}`);
      for (const id of more) {
        const res = await post(`${a.url}/transfers`, { id, failCharge: false });
        expect(res.status).toBe(202);
      }
      await sleep(150);
      await a.kill();
      const outcome2 = await expectSagasSettled(db, more, new Set());
      expect(outcome2).toEqual({ completed: 20, compensated: 0 });
    });
  });
});
