import {
  compareLevels,
  EntityCheckResult,
  READINESS_CATEGORIES,
  ReadinessCategory,
} from '@golden-path/plugin-readiness-common';

/** The checks of one category with its counts. */
export type CheckGroup = {
  category: ReadinessCategory;
  results: EntityCheckResult[];
  passed: number;
  /** Checks that apply to the service's tier. */
  applicable: number;
};

/**
 * The entity's check results by category, in the categories' own order
 * (unknown categories after them, so nothing is dropped), each sorted by
 * level (bronze first) then title; empty categories are left out.
 */
export function groupChecksByCategory(
  results: ReadonlyArray<EntityCheckResult>,
): CheckGroup[] {
  const byCategory = new Map<ReadinessCategory, EntityCheckResult[]>();
  for (const result of results) {
    const list = byCategory.get(result.check.category) ?? [];
    list.push(result);
    byCategory.set(result.check.category, list);
  }
  const known = READINESS_CATEGORIES.filter(c => byCategory.has(c));
  const unknown = [...byCategory.keys()]
    .filter(c => !(READINESS_CATEGORIES as readonly string[]).includes(c))
    .sort();
  return [...known, ...unknown].map(category => {
    const list = [...byCategory.get(category)!].sort(
      (a, b) =>
        compareLevels(a.check.level, b.check.level) ||
        a.check.title.localeCompare(b.check.title),
    );
    return {
      category,
      results: list,
      passed: list.filter(r => r.outcome === 'pass').length,
      applicable: list.filter(r => r.outcome !== 'not-applicable').length,
    };
  });
}
