import { z } from 'zod';
import { compareText, matchesText, pageOf, pagingQueryShape } from './paging';
import { parseInput } from './requestSchemas';

describe('pagingQueryShape', () => {
  const schema = z.object(pagingQueryShape).strict();

  it('defaults to the first 50 rows in ascending order', () => {
    expect(parseInput(schema, {})).toEqual({
      offset: 0,
      limit: 50,
      order: 'asc',
    });
    expect(
      parseInput(schema, { offset: '100', limit: '500', order: 'desc' }),
    ).toEqual({
      offset: 100,
      limit: 500,
      order: 'desc',
    });
  });

  it.each([
    [{ limit: '0' }, "Invalid query parameter 'limit'"],
    [{ limit: '501' }, "Invalid query parameter 'limit'"],
    [{ limit: 'all' }, "Invalid query parameter 'limit'"],
    [{ offset: '-1' }, "Invalid query parameter 'offset'"],
    [{ offset: '1.5' }, "Invalid query parameter 'offset'"],
    [{ order: 'up' }, "Invalid query parameter 'order'"],
  ])('refuses %j naming the parameter', (query, message) => {
    expect(() => parseInput(schema, query)).toThrow(message);
  });
});

describe('pageOf', () => {
  const rows = ['b', 'a', 'd', 'c', 'e'].map((name, i) => ({
    name,
    rank: i % 2,
  }));
  const byRank = (a: { rank: number }, b: { rank: number }) => a.rank - b.rank;
  const byName = (a: { name: string }, b: { name: string }) =>
    compareText(a.name, b.name);

  it('sorts, then answers the page and the total', () => {
    const page = pageOf(rows, {
      offset: 1,
      limit: 2,
      order: 'asc',
      compare: byName,
    });
    expect(page).toEqual({
      items: [rows[0], rows[3]],
      totalItems: 5,
      offset: 1,
      limit: 2,
    });
  });

  it('breaks ties in ascending order whatever the order, so pages do not overlap', () => {
    const names = (order: 'asc' | 'desc') =>
      [0, 2, 4].flatMap(offset =>
        pageOf(rows, {
          offset,
          limit: 2,
          order,
          compare: byRank,
          tieBreak: byName,
        }).items.map(r => r.name),
      );
    expect(names('asc')).toEqual(['b', 'd', 'e', 'a', 'c']);
    expect(names('desc')).toEqual(['a', 'c', 'b', 'd', 'e']);
  });

  it('answers no rows past the end, with the total', () => {
    expect(
      pageOf(rows, { offset: 10, limit: 5, order: 'asc', compare: byName }),
    ).toMatchObject({
      items: [],
      totalItems: 5,
    });
  });

  it('leaves the rows as they were', () => {
    const before = rows.map(r => r.name);
    pageOf(rows, { offset: 0, limit: 5, order: 'desc', compare: byName });
    expect(rows.map(r => r.name)).toEqual(before);
  });
});

describe('matchesText', () => {
  it('matches every word in any of the values, case-insensitive', () => {
    expect(matchesText('pay API', 'Payments', 'api-team')).toBe(true);
    expect(matchesText('pay web', 'Payments', 'api-team')).toBe(false);
    expect(matchesText('', 'x')).toBe(true);
    expect(matchesText(undefined)).toBe(true);
    expect(matchesText('x', undefined)).toBe(false);
  });
});

describe('compareText', () => {
  it('compares case-insensitively, numbers by value, missing last', () => {
    const sorted = ['svc-10', undefined, 'Svc-2', 'alpha'].sort(compareText);
    expect(sorted).toEqual(['alpha', 'Svc-2', 'svc-10', undefined]);
  });
});
