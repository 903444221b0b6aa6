import { loadConfig } from '../config';
import { createDb, migrateLatest } from './knex';
import { migrationSource } from './migrations';

/**
 * `npm run migrate`: brings the configured database's schema up to date
 * (the service also does this at start; this is for deploy pipelines that
 * migrate before rolling out).
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const db = createDb(config.database);
  try {
    await migrateLatest(db);
    const [completed] = await db.migrate.list({ migrationSource });
    console.log(
      `Schema up to date (${completed.length} migrations applied) on ${config.database.client}.`,
    );
  } finally {
    await db.destroy();
  }
}

main().catch(error => {
  console.error(
    `Migration failed: ${
      error instanceof Error ? error.message : String(error)
    }`,
  );
  process.exit(1);
});
