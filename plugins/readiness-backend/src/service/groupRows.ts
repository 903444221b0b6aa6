import {
  LevelCounts,
  ReadinessGroupRow,
  ReadinessServiceSummary,
} from '@golden-path/plugin-readiness-common';

/** What grouping reads of a service. */
type GroupedRow = Pick<
  ReadinessServiceSummary,
  'level' | 'meetsRequired' | 'passed' | 'applicable'
>;

/** Zero services at every level. */
export function emptyLevels(): LevelCounts {
  return { none: 0, bronze: 0, silver: 0, gold: 0 };
}

/** Mean of passed/applicable; a service with no applicable check scores 1. */
function scoreOf(rows: ReadonlyArray<{ passed: number; applicable: number }>) {
  if (rows.length === 0) return 0;
  const sum = rows.reduce(
    (total, row) =>
      total + (row.applicable === 0 ? 1 : row.passed / row.applicable),
    0,
  );
  return sum / rows.length;
}

/**
 * Services summed per key (owner, system or domain; those without one are
 * left out), best score first.
 */
export function groupRows<R extends GroupedRow>(
  services: readonly R[],
  keyOf: (row: R) => string | null,
): ReadinessGroupRow[] {
  const groups = new Map<string, R[]>();
  for (const service of services) {
    const key = keyOf(service);
    if (!key) continue;
    const list = groups.get(key) ?? [];
    list.push(service);
    groups.set(key, list);
  }
  return [...groups.entries()]
    .map(([key, rows]) => {
      const levels = emptyLevels();
      for (const row of rows) levels[row.level]++;
      return {
        key,
        services: rows.length,
        meetingRequired: rows.filter(row => row.meetsRequired).length,
        score: scoreOf(rows),
        levels,
      };
    })
    .sort(
      (a, b) =>
        b.score - a.score ||
        b.meetingRequired - a.meetingRequired ||
        b.services - a.services ||
        (a.key < b.key ? -1 : 1),
    );
}
