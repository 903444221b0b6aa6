import knexFactory, { type Knex } from 'knex';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { ChassisConfig } from '../config';
import { migrationSource, type Migration } from './migrations';

// Timestamps are epoch milliseconds in BIGINT columns on both databases, and
// counts are BIGINT on PostgreSQL: read them as numbers (exact below 2^53).
pg.types.setTypeParser(pg.types.builtins.INT8, value => Number(value));

/** A knex instance for the configured database (SQLite by default, PostgreSQL in production). */
export function createDb(database: ChassisConfig['database']): Knex {
  if (database.client === 'pg') {
    return knexFactory({
      client: 'pg',
      connection: database.connectionString,
      pool: { min: 0, max: 10 },
    });
  }
  if (database.filename !== ':memory:') {
    fs.mkdirSync(path.dirname(path.resolve(database.filename)), {
      recursive: true,
    });
  }
  return knexFactory({
    client: 'better-sqlite3',
    connection: { filename: database.filename },
    useNullAsDefault: true,
    // One connection: SQLite allows one writer; a pool would only queue on locks.
    pool: {
      min: 1,
      max: 1,
      afterCreate: (
        conn: any,
        done: (err: Error | null, conn: unknown) => void,
      ) => {
        try {
          conn.pragma('journal_mode = WAL');
          conn.pragma('foreign_keys = ON');
          conn.pragma('busy_timeout = 5000');
          done(null, conn);
        } catch (error) {
          done(error as Error, conn);
        }
      },
    },
  });
}

export function isPostgres(db: Knex): boolean {
  return db.client.config.client === 'pg';
}

/** Brings the schema up to date: the chassis' tables and the service's (idempotent). */
export async function migrateLatest(
  db: Knex,
  serviceMigrations: readonly Migration[] = [],
): Promise<void> {
  await db.migrate.latest({
    migrationSource: migrationSource(serviceMigrations),
  });
}
