import type { Knex } from 'knex';
import { messagingMigrations } from './messaging';
import { sagaMigrations } from './saga';
import { domainMigrations } from './domain';

export interface Migration {
  /** Sorted by name: messaging 001-099, saga 100-199, domain 200-299. */
  name: string;
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

const all: Migration[] = [
  ...messagingMigrations,
  ...sagaMigrations,
  ...domainMigrations,
].sort((a, b) => a.name.localeCompare(b.name));

/** Migrations compiled into the service: no file-system lookup, same in src and dist. */
export const migrationSource: Knex.MigrationSource<Migration> = {
  getMigrations: async () => all,
  getMigrationName: migration => migration.name,
  getMigration: async migration => migration,
};
