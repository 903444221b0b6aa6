import {
  createDb,
  migrateLatest,
  migrationSource,
} from '@golden-path/service-chassis';
import { loadConfig } from '../config';
import { domainMigrations } from './migrations/domain';

/**
 * `npm run migrate`: brings the configured database's schema up to date, the
 * chassis' tables and the service's (the service also does this at start;
 * this is for deploy pipelines that migrate before rolling out).
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const db = createDb(config.database);
  try {
    await migrateLatest(db, domainMigrations);
    const [completed] = await db.migrate.list({
      migrationSource: migrationSource(domainMigrations),
    });
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
