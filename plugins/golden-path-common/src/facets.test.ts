import { facetCounts, serviceChoices } from './facets';

describe('facetCounts', () => {
  it('counts each value, most common first, then by value, skipping empty ones', () => {
    const rows = [
      { owner: 'group:default/b' },
      { owner: 'group:default/a' },
      { owner: null },
      { owner: 'group:default/b' },
      { owner: 'group:default/c' },
      {},
    ];
    expect(facetCounts(rows, 'owner')).toEqual([
      { value: 'group:default/b', count: 2 },
      { value: 'group:default/a', count: 1 },
      { value: 'group:default/c', count: 1 },
    ]);
  });
});

describe('serviceChoices', () => {
  it('counts owners and systems', () => {
    expect(
      serviceChoices([
        { owner: 'group:default/a', system: null },
        { owner: 'group:default/a', system: 'system:default/s' },
      ]),
    ).toEqual({
      owner: [{ value: 'group:default/a', count: 2 }],
      system: [{ value: 'system:default/s', count: 1 }],
    });
  });
});
