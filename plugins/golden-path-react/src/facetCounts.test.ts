import { entityName } from './entityName';
import { facetCounts } from './facetCounts';

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

describe('entityName', () => {
  it('leaves out the default kind and namespace', () => {
    expect(entityName('group:default/team-payments', 'group')).toBe(
      'team-payments',
    );
    expect(entityName('system:default/payments', 'group')).toBe(
      'system:payments',
    );
    expect(entityName('group:other/team-x', 'group')).toBe('other/team-x');
  });

  it('gives back a value that is not an entity ref as it is', () => {
    expect(entityName('a:b:c', 'group')).toBe('a:b:c');
    expect(entityName('', 'group')).toBe('');
  });
});
