import type {
  EntityCheckResult,
  ReadinessCategory,
} from '@golden-path/plugin-readiness-common';
import { check, entityDetail } from '../../__fixtures__/fakeReadinessApi';
import { groupChecksByCategory } from './groupChecksByCategory';

describe('groupChecksByCategory', () => {
  it('groups in category order with counts, leaving out empty categories', () => {
    const groups = groupChecksByCategory(entityDetail().checks);
    expect(
      groups.map(g => [g.category, g.results.length, g.passed, g.applicable]),
    ).toEqual([
      ['operations', 1, 1, 1],
      ['consistency', 1, 0, 1],
      ['resilience', 2, 0, 1],
      ['security', 1, 0, 1],
    ]);
  });

  it('sorts by level then title, and keeps unknown categories last', () => {
    const result = (
      id: string,
      title: string,
      level: 'bronze' | 'silver' | 'gold',
      category: string = 'ownership',
    ): EntityCheckResult => ({
      check: check({
        id,
        title,
        level,
        category: category as ReadinessCategory,
      }),
      outcome: 'pass',
      message: '',
      facts: [],
      attestation: null,
    });
    const groups = groupChecksByCategory([
      result('a', 'Zeta', 'bronze', 'finops'),
      result('b', 'Beta', 'gold'),
      result('c', 'Alpha', 'gold'),
      result('d', 'Omega', 'bronze'),
    ]);
    expect(groups.map(g => g.category)).toEqual(['ownership', 'finops']);
    expect(groups[0].results.map(r => r.check.id)).toEqual(['d', 'c', 'b']);
  });
});
