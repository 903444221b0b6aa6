import { TestDatabases } from '@backstage/backend-test-utils';
import {
  adrWrite,
  migratedDatabase,
  sourceWrite,
} from '../__testUtils__/adrWrites';
import { getRecord } from './records';
import { getSource } from './sources';
import { writeFolder } from './writeFolder';

const databases = TestDatabases.create();

describe.each(databases.eachSupportedId())('writeFolder on %s', databaseId => {
  it('writes a folder idempotently, keeping firstSeenAt', async () => {
    const knex = await migratedDatabase(databases, databaseId);
    const first = new Date('2024-01-01T10:00:00Z');
    const later = new Date('2024-03-01T10:00:00Z');
    const s = sourceWrite('component:default/a', 'group:default/x');
    expect(
      await writeFolder({
        knex,
        source: s,
        adrs: [adrWrite('0001-a.md'), adrWrite('0002-b.md', { date: null })],
        now: first,
      }),
    ).toEqual({ added: 2, updated: 0, removed: 0 });
    expect(
      await writeFolder({
        knex,
        source: s,
        adrs: [adrWrite('0001-a.md'), adrWrite('0002-b.md', { date: null })],
        now: later,
      }),
    ).toEqual({ added: 0, updated: 0, removed: 0 });
    expect(
      await writeFolder({
        knex,
        source: s,
        adrs: [adrWrite('0002-b.md', { date: null, status: 'proposed' })],
        now: later,
      }),
    ).toEqual({ added: 0, updated: 1, removed: 1 });
    const kept = await getRecord({
      knex,
      entityRef: s.entityRef,
      path: '0002-b.md',
      staleCutoff: '2024-06-01',
    });
    expect(kept).toMatchObject({
      status: 'proposed',
      firstSeenAt: first.toISOString(),
      // Undated: stale by when it was first seen (2024-01-01 < cutoff).
      staleProposed: true,
    });
    expect(await getSource({ knex, entityRef: s.entityRef })).toMatchObject({
      adrCount: 1,
      lastReadAt: later.toISOString(),
      error: null,
    });
  });
});
