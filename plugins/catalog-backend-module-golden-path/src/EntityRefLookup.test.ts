import knexFactory, { Knex } from 'knex';
import { CatalogTableRefLookup } from './EntityRefLookup';

describe('CatalogTableRefLookup', () => {
  let db: Knex;
  let now = 0;

  beforeEach(async () => {
    db = knexFactory({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
    });
    // The column the lookup reads; the whole-backend test uses the real schema.
    await db.schema.createTable('refresh_state', t => {
      t.string('entity_ref').primary();
    });
    await db('refresh_state').insert({ entity_ref: 'group:default/a' });
  });

  afterEach(() => db.destroy());

  it('finds known refs, caches them for a while, never caches misses', async () => {
    const lookup = new CatalogTableRefLookup(db, {
      cacheMillis: 1000,
      now: () => now,
    });
    expect(await lookup.exists('group:default/a')).toBe(true);
    expect(await lookup.exists('group:default/b')).toBe(false);

    await db('refresh_state').delete();
    await db('refresh_state').insert({ entity_ref: 'group:default/b' });
    now = 500;
    expect(await lookup.exists('group:default/a')).toBe(true); // cached
    expect(await lookup.exists('group:default/b')).toBe(true); // miss not cached
    now = 1500;
    expect(await lookup.exists('group:default/a')).toBe(false);
  });
});
