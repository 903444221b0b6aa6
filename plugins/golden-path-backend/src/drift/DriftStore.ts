import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { migrateToLatest } from '@golden-path/plugin-golden-path-node';
import { Knex } from 'knex';
import { DriftSnapshot } from '@golden-path/plugin-golden-path-common';

const migrationsDir = resolvePackagePath(
  '@golden-path/plugin-golden-path-backend',
  'migrations',
);
const TABLE = 'golden_path_drift';
const ROW = 'snapshot';

/** The drift snapshot in the plugin's database, shared by replicas. */
export class DriftStore {
  static async create(options: { database: DatabaseService }) {
    const knex = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await migrateToLatest(knex, { directory: migrationsDir });
    }
    return new DriftStore(knex);
  }

  constructor(private readonly knex: Knex) {}

  async read(): Promise<DriftSnapshot | undefined> {
    const row = await this.knex(TABLE).where({ id: ROW }).first();
    return row ? (JSON.parse(row.data) as DriftSnapshot) : undefined;
  }

  async write(snapshot: DriftSnapshot): Promise<void> {
    await this.knex(TABLE)
      .insert({
        id: ROW,
        generated_at: snapshot.generatedAt,
        data: JSON.stringify(snapshot),
      })
      .onConflict('id')
      .merge();
  }
}
