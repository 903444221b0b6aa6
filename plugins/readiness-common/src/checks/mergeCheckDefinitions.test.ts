import type { ReadinessCheck } from '../model';
import { mergeCheckDefinitions } from './mergeCheckDefinitions';

function check(id: string, title = id): ReadinessCheck {
  return {
    id,
    title,
    description: '',
    category: 'operations',
    level: 'bronze',
    tiers: ['critical'],
    condition: { fact: 'catalog.hasRunbook', operator: 'equal', value: true },
    facts: ['catalog.hasRunbook'],
    remediation: { hint: 'fix it' },
  };
}

describe('mergeCheckDefinitions', () => {
  const base = [check('a'), check('b'), check('c')];

  it('replaces a shipped check in place and adds new ones after', () => {
    const merged = mergeCheckDefinitions(
      base,
      [check('d'), check('b', 'B from app-config')],
      [],
    );
    expect(merged.map(c => [c.id, c.title])).toEqual([
      ['a', 'a'],
      ['b', 'B from app-config'],
      ['c', 'c'],
      ['d', 'd'],
    ]);
  });

  it('removes disabled checks, shipped or added', () => {
    expect(
      mergeCheckDefinitions(base, [check('d'), check('e')], ['a', 'e']).map(
        c => c.id,
      ),
    ).toEqual(['b', 'c', 'd']);
  });

  it('lets the last override of an id win', () => {
    const merged = mergeCheckDefinitions(
      base,
      [check('c', 'first'), check('c', 'second')],
      [],
    );
    expect(merged.map(c => c.title)).toEqual(['a', 'b', 'second']);
  });

  it('ignores disabled ids it does not know and changes no input', () => {
    const overrides = [check('a', 'A')];
    const merged = mergeCheckDefinitions(base, overrides, ['zzz']);
    expect(merged).toHaveLength(3);
    expect(base.map(c => c.title)).toEqual(['a', 'b', 'c']);
    expect(overrides).toHaveLength(1);
  });
});
