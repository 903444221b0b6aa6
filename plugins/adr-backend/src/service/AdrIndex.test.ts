import { AdrIndexRecord } from '../database/AdrStore';
import {
  accessOf,
  adrIndexCounts,
  createAdrIndexView,
  listAdrIndex,
  sortedRecords,
} from './AdrIndex';

const record = (
  entityRef: string,
  path: string,
  extra: Partial<AdrIndexRecord> = {},
): AdrIndexRecord => ({
  entityRef,
  path,
  number: null,
  slug: path,
  title: null,
  status: null,
  statusRaw: null,
  date: null,
  decisionMakers: [],
  format: 'nygard',
  owner: null,
  system: null,
  supersedes: [],
  supersededBy: [],
  firstSeenAt: '2024-01-01T00:00:00.000Z',
  warnings: [],
  titleSort: null,
  ageDate: '2024-01-01',
  peopleText: '',
  ...extra,
});

describe('AdrIndex', () => {
  const view = () =>
    createAdrIndexView({
      records: [
        record('component:default/a', '1.md', {
          owner: 'group:default/x',
          date: '2024-02-01',
          number: 1,
          status: 'proposed',
        }),
        record('component:default/a', '2.md', { number: 2 }),
        record('component:default/b', '1.md', {
          date: '2024-03-01',
          status: 'accepted',
        }),
      ],
      sources: [
        {
          entityRef: 'component:default/a',
          owner: 'group:default/x',
          hasError: false,
        },
        { entityRef: 'component:default/b', owner: null, hasError: true },
      ],
    });

  it('evaluates permission criteria as their SQL does, NOT of a null owner included', () => {
    const hasOwner = { column: 'owner' as const, values: ['group:default/x'] };
    const a = { entityRef: 'component:default/a', owner: 'group:default/x' };
    const b = { entityRef: 'component:default/b', owner: null };
    expect(accessOf(undefined)).toBeUndefined();
    expect([a, b].map(accessOf(hasOwner)!)).toEqual([true, false]);
    expect([a, b].map(accessOf({ not: hasOwner })!)).toEqual([false, true]);
    expect([a, b].map(accessOf({ column: 'entity_ref', values: [] })!)).toEqual(
      [false, false],
    );
    expect(
      [a, b].map(
        accessOf({
          anyOf: [hasOwner, { column: 'entity_ref', values: [b.entityRef] }],
        })!,
      ),
    ).toEqual([true, true]);
    expect(
      [a, b].map(
        accessOf({
          allOf: [hasOwner, { column: 'entity_ref', values: [b.entityRef] }],
        })!,
      ),
    ).toEqual([false, false]);
  });

  it('sorts missing values last either way, ties by entity and path, once per view', () => {
    const v = view();
    const keys = (rows: readonly AdrIndexRecord[]) =>
      rows.map(r => `${r.entityRef.slice(-1)}/${r.path}`);
    expect(keys(sortedRecords(v, 'date', 'desc'))).toEqual([
      'b/1.md',
      'a/1.md',
      'a/2.md',
    ]);
    expect(keys(sortedRecords(v, 'date', 'asc'))).toEqual([
      'a/1.md',
      'b/1.md',
      'a/2.md',
    ]);
    expect(keys(sortedRecords(v, 'number', 'desc'))).toEqual([
      'a/2.md',
      'a/1.md',
      'b/1.md',
    ]);
    expect(sortedRecords(v, 'number', 'desc')).toBe(
      sortedRecords(v, 'number', 'desc'),
    );
  });

  it('filters before paging and counts statuses without the status filter', () => {
    const page = listAdrIndex(view(), {
      filter: { status: ['unknown', 'accepted'] },
      sort: 'date',
      order: 'desc',
      offset: 1,
      limit: 1,
      access: accessOf({
        column: 'entity_ref',
        values: ['component:default/a'],
      }),
      staleCutoff: '2025-01-01',
    });
    expect(page.items.map(i => i.path)).toEqual([]);
    expect(page.totalItems).toBe(1);
    expect(page.counts).toMatchObject({ proposed: 1, unknown: 1, accepted: 0 });
    expect(page.staleProposedCount).toBe(0);
  });

  it('counts ADRs and sources the caller may see', () => {
    expect(adrIndexCounts(view(), undefined, '2025-01-01')).toEqual({
      total: 3,
      byStatus: {
        proposed: 1,
        accepted: 1,
        rejected: 0,
        deprecated: 0,
        superseded: 0,
        unknown: 1,
      },
      staleProposed: 1,
      entities: 2,
      entitiesWithErrors: 1,
    });
    expect(
      adrIndexCounts(
        view(),
        accessOf({ column: 'entity_ref', values: ['component:default/b'] }),
        '2025-01-01',
      ),
    ).toMatchObject({ total: 1, staleProposed: 0, entitiesWithErrors: 1 });
  });
});
