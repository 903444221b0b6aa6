import {
  hasFilters,
  readSloPageView,
  writeSloPageView,
} from './sloPageSearchParams';

describe('sloPageSearchParams', () => {
  it('reads repeated filters and drops unknown tiers and sorts', () => {
    const view = readSloPageView(
      new URLSearchParams(
        'owner=group:default/a&owner=group:default/b&tier=critical&tier=platinum&tier=&sort=name&order=up',
      ),
    );
    expect(view).toEqual({
      filters: {
        owner: ['group:default/a', 'group:default/b'],
        system: [],
        tier: ['critical'],
      },
      sort: 'budget',
      order: 'asc',
      q: '',
    });
    expect(hasFilters(view)).toBe(true);
  });

  it('round-trips and leaves the default sort out of the URL', () => {
    const view = readSloPageView(
      new URLSearchParams('system=system:default/s'),
    );
    expect(writeSloPageView(view).toString()).toBe(
      'system=system%3Adefault%2Fs',
    );
    const sorted = {
      ...view,
      sort: 'burnRate' as const,
      order: 'desc' as const,
    };
    const text = writeSloPageView(sorted).toString();
    expect(text).toBe('system=system%3Adefault%2Fs&sort=burnRate&order=desc');
    expect(readSloPageView(new URLSearchParams(text))).toEqual(sorted);
    expect(hasFilters(readSloPageView(new URLSearchParams()))).toBe(false);
  });

  it('keeps the search text in the URL; it is not a filter', () => {
    const view = readSloPageView(new URLSearchParams('q=pay%20ments'));
    expect(view.q).toBe('pay ments');
    expect(hasFilters(view)).toBe(false);
    expect(writeSloPageView(view).toString()).toBe('q=pay+ments');
    expect(
      readSloPageView(new URLSearchParams(`q=${'x'.repeat(300)}`)).q,
    ).toHaveLength(200);
  });
});
