import {
  compareLevels,
  ReadinessServiceRow,
} from '@golden-path/plugin-readiness-common';
import type { ServiceSortKey } from './readinessPageSearchParams';

/** passed/applicable, or null when no check applies (nothing to score). */
export function serviceScore(
  row: Pick<ReadinessServiceRow, 'passed' | 'applicable'>,
): number | null {
  if (!(row.applicable > 0) || !Number.isFinite(row.passed)) return null;
  return row.passed / row.applicable;
}

function compareBy(
  key: ServiceSortKey,
  a: ReadinessServiceRow,
  b: ReadinessServiceRow,
): number {
  if (key === 'level') return compareLevels(a.level, b.level);
  const sa = serviceScore(a);
  const sb = serviceScore(b);
  return sa === null || sb === null ? 0 : sa - sb;
}

/**
 * The services in table order: by score (passed/applicable) or level, the
 * other as the tie-breaker, then by entity ref so the order is stable
 * between refreshes. Services without a score (no applicable check) come
 * after the scored ones of their level, or last when sorting by score,
 * whatever the direction.
 */
export function sortServices(
  rows: ReadonlyArray<ReadinessServiceRow>,
  key: ServiceSortKey,
  order: 'asc' | 'desc',
): ReadinessServiceRow[] {
  const direction = order === 'asc' ? 1 : -1;
  const other: ServiceSortKey = key === 'score' ? 'level' : 'score';
  return [...rows].sort((a, b) => {
    const unscored =
      Number(serviceScore(a) === null) - Number(serviceScore(b) === null);
    if (key === 'score' && unscored) return unscored;
    const primary = compareBy(key, a, b);
    if (primary) return primary * direction;
    if (unscored) return unscored;
    const secondary = compareBy(other, a, b);
    if (secondary) return secondary * direction;
    return a.entityRef.localeCompare(b.entityRef);
  });
}
