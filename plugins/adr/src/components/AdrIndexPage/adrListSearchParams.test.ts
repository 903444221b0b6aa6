import {
  daysProposed,
  hasFilters,
  readAdrListView,
  writeAdrListView,
} from './adrListSearchParams';

describe('adrListSearchParams', () => {
  it('round-trips a view through the query string', () => {
    const params = new URLSearchParams(
      'status=accepted&status=unknown&owner=group%3Adefault%2Fa&system=system%3Adefault%2Fs&decisionMaker=Ann&from=2024-01-01&to=2024-02-01&q=kafka&stale=true&page=3',
    );
    const view = readAdrListView(params);
    expect(view).toEqual({
      filters: {
        status: ['accepted', 'unknown'],
        owner: ['group:default/a'],
        system: ['system:default/s'],
        decisionMaker: 'Ann',
        from: '2024-01-01',
        to: '2024-02-01',
        q: 'kafka',
        stale: true,
      },
      page: 2,
      pageSize: 25,
      sort: 'date',
      order: 'desc',
    });
    expect(writeAdrListView(view).toString()).toBe(params.toString());
    expect(hasFilters(view)).toBe(true);
  });

  it('keeps sort, order and page size in the URL when not the defaults', () => {
    const params = new URLSearchParams(
      'sort=title&order=desc&pageSize=100&page=2',
    );
    const view = readAdrListView(params);
    expect(view).toMatchObject({
      sort: 'title',
      order: 'desc',
      pageSize: 100,
      page: 1,
    });
    expect(hasFilters(view)).toBe(false);
    expect(writeAdrListView(view).toString()).toBe(params.toString());
    expect(
      writeAdrListView({ ...view, order: 'asc', pageSize: 25 }).toString(),
    ).toBe('sort=title&page=2');
    expect(
      readAdrListView(new URLSearchParams('sort=size&order=up&pageSize=7')),
    ).toMatchObject({ sort: 'date', order: 'desc', pageSize: 25 });
  });

  it('drops values the backend would refuse instead of failing', () => {
    const view = readAdrListView(
      new URLSearchParams(
        'status=bogus&from=yesterday&to=2024-13&page=-4&stale=yes&q=%20%20',
      ),
    );
    expect(view).toEqual({
      filters: {
        status: [],
        owner: [],
        system: [],
        decisionMaker: undefined,
        from: undefined,
        to: undefined,
        q: undefined,
        stale: undefined,
      },
      page: 0,
      pageSize: 25,
      sort: 'date',
      order: 'desc',
    });
    expect(hasFilters(view)).toBe(false);
    expect(writeAdrListView(view).toString()).toBe('');
  });

  it('counts days proposed from the date, else from first sight', () => {
    const now = new Date('2024-04-15T12:00:00Z');
    expect(
      daysProposed(
        { date: '2024-03-01', firstSeenAt: '2024-04-01T00:00:00Z' },
        now,
      ),
    ).toBe(45);
    expect(
      daysProposed({ date: null, firstSeenAt: '2024-04-01T00:00:00Z' }, now),
    ).toBe(14);
    expect(daysProposed({ date: '2030-01-01', firstSeenAt: 'x' }, now)).toBe(0);
  });
});
