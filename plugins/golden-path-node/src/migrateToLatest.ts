const RETRY_FOR_MS = 60_000;
const RETRY_EVERY_MS = 250;

/**
 * Whether `error` is another replica migrating the same database: knex's
 * bookkeeping tables created by two backends at once (one of them loses
 * the CREATE TABLE race), or knex's migration lock held by the other.
 */
function isConcurrentMigration(error: unknown): boolean {
  const { name, message } = (error ?? {}) as {
    name?: string;
    message?: string;
  };
  if (name === 'MigrationLocked') return true;
  return (
    typeof message === 'string' &&
    /knex_migrations/.test(message) &&
    /already exists|duplicate key/.test(message)
  );
}

/**
 * Runs a plugin's knex migrations (`knex.migrate.latest`) so that replicas
 * starting at the same time on one database all start: knex creates its
 * bookkeeping tables without a lock, and refuses (MigrationLocked) while
 * another process migrates, so a replica that loses either race waits and
 * tries again (for a minute at most); by then the winner has migrated and
 * there is nothing left to do. Any other error is thrown at once.
 * @public
 */
export async function migrateToLatest(
  knex: {
    migrate: { latest(config: { directory: string }): Promise<unknown> };
  },
  options: { directory: string },
): Promise<void> {
  const giveUpAt = Date.now() + RETRY_FOR_MS;
  for (;;) {
    try {
      await knex.migrate.latest({ directory: options.directory });
      return;
    } catch (error) {
      if (!isConcurrentMigration(error) || Date.now() > giveUpAt) throw error;
      await new Promise(resolve => setTimeout(resolve, RETRY_EVERY_MS));
    }
  }
}
