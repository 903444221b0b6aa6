import {
  readGoldenPathPageView,
  writeGoldenPathPageView,
} from './goldenPathPageSearchParams';

describe('golden-path page view in the URL', () => {
  it('reads filters and sort, dropping what the backend would refuse', () => {
    const view = readGoldenPathPageView(
      new URLSearchParams(
        'owner=group:default/a&owner=&tier=critical&tier=bogus&sort=nope&order=up',
      ),
    );
    expect(view).toEqual({
      filters: { owner: ['group:default/a'], system: [], tier: ['critical'] },
      sort: 'behind',
      order: 'desc',
    });
  });

  it('writes only what differs from the defaults, and reads it back', () => {
    const view = {
      filters: { owner: [], system: ['system:default/shop'], tier: [] },
      sort: 'status' as const,
      order: 'asc' as const,
    };
    const params = writeGoldenPathPageView(view);
    expect(params.toString()).toBe(
      'system=system%3Adefault%2Fshop&sort=status&order=asc',
    );
    expect(readGoldenPathPageView(params)).toEqual(view);
    expect(
      writeGoldenPathPageView({
        filters: { owner: [], system: [], tier: [] },
        sort: 'behind',
        order: 'desc',
      }).toString(),
    ).toBe('');
  });
});
