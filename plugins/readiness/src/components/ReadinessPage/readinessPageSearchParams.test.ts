import {
  hasFilters,
  readReadinessPageView,
  writeReadinessPageView,
} from './readinessPageSearchParams';

describe('readinessPageSearchParams', () => {
  it('reads repeated filters and drops unknown tiers, categories and sorts', () => {
    const view = readReadinessPageView(
      new URLSearchParams(
        'owner=group:default/a&owner=&tier=critical&tier=platinum&category=security&category=vibes&sort=name&order=up&by=planet',
      ),
    );
    expect(view).toEqual({
      filters: {
        owner: ['group:default/a'],
        system: [],
        tier: ['critical'],
        category: ['security'],
      },
      sort: 'score',
      order: 'asc',
      by: 'owner',
      q: '',
    });
    expect(hasFilters(view)).toBe(true);
  });

  it('reads every sort column of the services table, and the search words', () => {
    for (const sort of [
      'title',
      'owner',
      'tier',
      'level',
      'status',
      'score',
      'failing',
    ]) {
      expect(
        readReadinessPageView(new URLSearchParams(`sort=${sort}`)).sort,
      ).toBe(sort);
    }
    expect(readReadinessPageView(new URLSearchParams('q=orders')).q).toBe(
      'orders',
    );
    // Search words are not a filter: the summary stays the organisation's.
    expect(hasFilters(readReadinessPageView(new URLSearchParams('q=x')))).toBe(
      false,
    );
  });

  it('counts a category alone as a filter', () => {
    expect(
      hasFilters(
        readReadinessPageView(new URLSearchParams('category=ownership')),
      ),
    ).toBe(true);
    expect(hasFilters(readReadinessPageView(new URLSearchParams()))).toBe(
      false,
    );
  });

  it('round-trips and leaves the defaults out of the URL', () => {
    const view = readReadinessPageView(
      new URLSearchParams('system=system:default/s'),
    );
    expect(writeReadinessPageView(view).toString()).toBe(
      'system=system%3Adefault%2Fs',
    );
    const changed = {
      ...view,
      sort: 'title' as const,
      order: 'desc' as const,
      by: 'domain' as const,
      q: 'pay ments',
    };
    const text = writeReadinessPageView(changed).toString();
    expect(text).toBe(
      'system=system%3Adefault%2Fs&sort=title&order=desc&by=domain&q=pay+ments',
    );
    expect(readReadinessPageView(new URLSearchParams(text))).toEqual(changed);
  });
});
