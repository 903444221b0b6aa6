import { TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { AdrSourceWrite, AdrStore, AdrWrite } from './AdrStore';

const databases = TestDatabases.create();

const source = (entityRef: string, owner: string | null): AdrSourceWrite => ({
  entityRef,
  annotation: './adrs',
  location: `file:/repo/${entityRef}`,
  owner,
  system: 'system:default/shop',
  etag: null,
  warnings: [],
});

const adr = (path: string, overrides: Partial<AdrWrite> = {}): AdrWrite => ({
  path,
  number: parseInt(path, 10) || null,
  slug: path.replace(/\.md$/, ''),
  title: `Title of ${path}`,
  status: 'accepted',
  statusRaw: 'Accepted',
  date: '2024-01-01',
  decisionMakers: [],
  consulted: [],
  informed: [],
  format: 'nygard',
  supersedes: [],
  supersededBy: [],
  warnings: [],
  body: `Body of ${path}`,
  sourceLocation: `file:/repo/${path}`,
  ...overrides,
});

describe.each(databases.eachSupportedId())('AdrStore on %s', databaseId => {
  let knex: Knex;
  let store: AdrStore;
  const cutoff = '2024-06-01';

  beforeEach(async () => {
    knex = await databases.init(databaseId);
    store = await AdrStore.create({
      database: { getClient: async () => knex },
    });
  });

  it('migrates up and down', async () => {
    expect(await knex.schema.hasTable('adr_records')).toBe(true);
    expect(await knex.schema.hasTable('adr_sources')).toBe(true);
    await AdrStore.rollbackAll(knex);
    expect(await knex.schema.hasTable('adr_records')).toBe(false);
    expect(await knex.schema.hasTable('adr_sources')).toBe(false);
    // And up again, as a redeploy after a rollback would.
    await AdrStore.create({ database: { getClient: async () => knex } });
    expect(await knex.schema.hasTable('adr_records')).toBe(true);
  });

  it('skips migrations when the database service says so', async () => {
    const fresh = await databases.init(databaseId);
    await AdrStore.create({
      database: {
        getClient: async () => fresh,
        migrations: { skip: true },
      },
    });
    expect(await fresh.schema.hasTable('adr_records')).toBe(false);
  });

  it('writes a folder idempotently, keeping firstSeenAt', async () => {
    const first = new Date('2024-01-01T10:00:00Z');
    const later = new Date('2024-03-01T10:00:00Z');
    const s = source('component:default/a', 'group:default/x');
    expect(
      await store.writeFolder({
        source: s,
        adrs: [adr('0001-a.md'), adr('0002-b.md', { date: null })],
        now: first,
      }),
    ).toEqual({ added: 2, updated: 0, removed: 0 });
    expect(
      await store.writeFolder({
        source: s,
        adrs: [adr('0001-a.md'), adr('0002-b.md', { date: null })],
        now: later,
      }),
    ).toEqual({ added: 0, updated: 0, removed: 0 });
    expect(
      await store.writeFolder({
        source: s,
        adrs: [adr('0002-b.md', { date: null, status: 'proposed' })],
        now: later,
      }),
    ).toEqual({ added: 0, updated: 1, removed: 1 });
    const kept = await store.get({
      entityRef: s.entityRef,
      path: '0002-b.md',
      staleCutoff: cutoff,
    });
    expect(kept).toMatchObject({
      status: 'proposed',
      firstSeenAt: first.toISOString(),
      // Undated: stale by when it was first seen (2024-01-01 < cutoff).
      staleProposed: true,
    });
    expect(await store.getSource(s.entityRef)).toMatchObject({
      adrCount: 1,
      lastReadAt: later.toISOString(),
      error: null,
    });
  });

  it('keeps the last good ADRs when a folder read fails, and removes lost entities', async () => {
    const a = source('component:default/a', null);
    const b = source('component:default/b', null);
    const now = new Date();
    await store.writeFolder({ source: a, adrs: [adr('0001-a.md')], now });
    await store.writeFolder({ source: b, adrs: [adr('0001-b.md')], now });
    await store.writeSourceError({
      source: a,
      error: 'ADR folder x does not exist',
    });
    expect(await store.getSource(a.entityRef)).toMatchObject({
      error: 'ADR folder x does not exist',
      adrCount: 1,
      lastReadAt: now.toISOString(),
    });
    expect(
      (await store.listEntity({ entityRef: a.entityRef, staleCutoff: cutoff }))
        .length,
    ).toBe(1);
    expect(await store.deleteSourcesExcept([b.entityRef])).toEqual([
      a.entityRef,
    ]);
    expect(await store.getSource(a.entityRef)).toBeUndefined();
    expect(await store.listSourceRefs()).toEqual([b.entityRef]);
    const list = await store.list({
      filter: {},
      page: { limit: 10, offset: 0, order: 'date' },
      staleCutoff: cutoff,
    });
    expect(list.items.map(i => i.entityRef)).toEqual([b.entityRef]);
  });

  it('applies permission criteria as SQL, NOT included', async () => {
    const now = new Date();
    await store.writeFolder({
      source: source('component:default/a', 'group:default/x'),
      adrs: [adr('0001-a.md')],
      now,
    });
    await store.writeFolder({
      source: source('component:default/b', null),
      adrs: [adr('0001-b.md'), adr('0002-b.md')],
      now,
    });
    const count = async (permission: any) =>
      (
        await store.list({
          filter: {},
          page: { limit: 10, offset: 0, order: 'date' },
          permission,
          staleCutoff: cutoff,
        })
      ).totalCount;
    const owner = { column: 'owner', values: ['group:default/x'] };
    const entity = { column: 'entity_ref', values: ['component:default/b'] };
    expect(await count(owner)).toBe(1);
    // An ADR without an owner is "not owned by x".
    expect(await count({ not: owner })).toBe(2);
    expect(await count({ anyOf: [owner, entity] })).toBe(3);
    expect(await count({ allOf: [owner, entity] })).toBe(0);
    expect(await count({ column: 'owner', values: [] })).toBe(0);
  });

  it('counts by status in one pass and orders undated ADRs last', async () => {
    await store.writeFolder({
      source: source('component:default/a', null),
      adrs: [
        adr('0001-a.md', { status: 'proposed', date: '2020-01-01' }),
        adr('0002-b.md', { status: null, date: null }),
        adr('0003-c.md', { status: 'accepted', date: '2024-02-02' }),
      ],
      now: new Date(),
    });
    const result = await store.list({
      filter: { status: ['proposed', 'unknown'] },
      page: { limit: 10, offset: 0, order: 'date' },
      staleCutoff: cutoff,
    });
    expect(result.totalCount).toBe(2);
    expect(result.staleProposedCount).toBe(1);
    expect(result.counts).toMatchObject({
      proposed: 1,
      accepted: 1,
      unknown: 1,
    });
    expect(result.items.map(i => i.path)).toEqual(['0001-a.md', '0002-b.md']);
  });
});
