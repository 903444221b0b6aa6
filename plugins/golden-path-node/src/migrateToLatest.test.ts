import { migrateToLatest } from './migrateToLatest';

/** A knex whose migrate.latest fails with `errors` in turn, then succeeds. */
function knexFailing(...errors: Error[]) {
  const latest = jest.fn(async (_config: { directory: string }) => {
    const error = errors.shift();
    if (error) throw error;
  });
  return { knex: { migrate: { latest } }, latest };
}

const named = (name: string, message: string) =>
  Object.assign(new Error(message), { name });

describe('migrateToLatest', () => {
  it('migrates once when nothing else migrates', async () => {
    const { knex, latest } = knexFailing();
    await migrateToLatest(knex, { directory: '/m' });
    expect(latest).toHaveBeenCalledTimes(1);
    expect(latest).toHaveBeenCalledWith({ directory: '/m' });
  });

  it('tries again while another replica creates the tables or holds the lock', async () => {
    const { knex, latest } = knexFailing(
      new Error(
        'create table "knex_migrations" (...) - duplicate key value violates unique constraint "pg_type_typname_nsp_index"',
      ),
      new Error(
        'create table "knex_migrations_lock" (...) - relation "knex_migrations_lock" already exists',
      ),
      named('MigrationLocked', 'Migration table is already locked'),
    );
    await migrateToLatest(knex, { directory: '/m' });
    expect(latest).toHaveBeenCalledTimes(4);
  });

  it('throws any other error at once', async () => {
    const { knex, latest } = knexFailing(
      new Error('alter table "slo_points" - column "x" does not exist'),
    );
    await expect(migrateToLatest(knex, { directory: '/m' })).rejects.toThrow(
      'column "x" does not exist',
    );
    expect(latest).toHaveBeenCalledTimes(1);
  });
});
