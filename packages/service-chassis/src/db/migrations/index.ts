import type { Knex } from 'knex';
import { idempotencyMigrations } from './idempotency';
import { messagingMigrations } from './messaging';
import { sagaMigrations } from './saga';

/**
 * One schema change. Names sort the order they run in: the chassis uses
 * 001-199 (messaging 001-099, sagas 100-199); a service's own migrations
 * start at 200.
 */
export interface Migration {
  name: string;
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

/** The chassis' own tables: outbox, inbox, dead letters, relay lease, idempotency keys, sagas. */
export const chassisMigrations: readonly Migration[] = [
  ...messagingMigrations,
  ...idempotencyMigrations,
  ...sagaMigrations,
];

/**
 * The chassis' migrations and the service's, in name order, compiled into the
 * service (no file-system lookup, the same in src and dist). Refuses a
 * service migration whose name the chassis uses or that sorts before 200.
 */
export function migrationSource(
  serviceMigrations: readonly Migration[] = [],
): Knex.MigrationSource<Migration> {
  const names = new Set(chassisMigrations.map(m => m.name));
  for (const migration of serviceMigrations) {
    if (names.has(migration.name)) {
      throw new Error(
        `Migration '${migration.name}' is defined twice (the chassis or the service already has one by that name)`,
      );
    }
    if (migration.name.localeCompare('200') < 0) {
      throw new Error(
        `Service migration '${migration.name}' sorts before '200': names below 200 belong to the chassis`,
      );
    }
    names.add(migration.name);
  }
  const all = [...chassisMigrations, ...serviceMigrations].sort((a, b) =>
    a.name.localeCompare(b.name),
  );
  return {
    getMigrations: async () => all,
    getMigrationName: migration => migration.name,
    getMigration: async migration => migration,
  };
}
