import net from 'node:net';
import { randomUUID } from 'node:crypto';
import knexFactory, { type Knex } from 'knex';
import { createDb, migrateLatest } from '../db/knex';
import type { Migration } from '../db/migrations';

/**
 * Real infrastructure for tests. PostgreSQL and NATS JetStream are used when
 * they answer (TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test;
 * TEST_NATS_URL, default nats://127.0.0.1:4222). When one does not answer,
 * its tests are skipped with a printed reason, except with CI=true, where a
 * missing server fails the run.
 */
export const POSTGRES_URL =
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const NATS_URL = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';

/** Whether something accepts TCP connections at `url`'s host and port. */
export function answers(url: string, defaultPort: number): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise(resolve => {
    const socket = net.connect({
      host: hostname,
      port: Number(port || defaultPort),
    });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function availability(
  name: string,
  url: string,
  port: number,
): Promise<boolean> {
  if (await answers(url, port)) return true;
  const reason = `${name} does not answer at ${url}`;
  if (process.env.CI === 'true') {
    throw new Error(`${reason}; CI needs it for the ${name} tests.`);
  }
  console.warn(`skipped: ${name} tests, because ${reason}.`);
  return false;
}

export const postgresAvailable = () =>
  availability('PostgreSQL', POSTGRES_URL, 5432);
export const natsAvailable = () => availability('NATS', NATS_URL, 4222);

export type TestDatabase = { db: Knex; url?: string; destroy(): Promise<void> };

/** A fresh SQLite database in memory, with the chassis' tables and `migrations`. */
export async function sqliteDatabase(
  migrations: readonly Migration[] = [],
): Promise<TestDatabase> {
  const db = createDb({ client: 'sqlite', filename: ':memory:' });
  await migrateLatest(db, migrations);
  return { db, destroy: () => db.destroy() };
}

/** A fresh PostgreSQL database of its own (migrated like sqliteDatabase), dropped by destroy(). */
export async function postgresDatabase(
  migrations: readonly Migration[] = [],
): Promise<TestDatabase> {
  const name = `svc_test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const admin = knexFactory({ client: 'pg', connection: POSTGRES_URL });
  await admin.raw(`CREATE DATABASE ${name}`);
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  const db = createDb({ client: 'pg', connectionString: url.toString() });
  await migrateLatest(db, migrations);
  return {
    db,
    url: url.toString(),
    destroy: async () => {
      await db.destroy();
      await admin.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.destroy();
    },
  };
}

/** A unique name for streams, subjects and consumers, so test runs never share state. */
export const uniqueName = (prefix: string) =>
  `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 12)}`.toUpperCase();
