import { TIER_NAMES } from '@golden-path/plugin-golden-path-common';
import { ServiceRow } from './loadServices';

/** How the Services page groups services. */
export type Grouping = 'team' | 'domain' | 'tier';

/** One group: its key, how many services, how many miss metadata. */
export type ServiceGroup = {
  key: string;
  count: number;
  missingMetadata: number;
};

/** The value a service is grouped under. */
export function groupKey(row: ServiceRow, by: Grouping): string {
  if (by === 'team') return row.owner;
  if (by === 'domain') return row.domain ?? 'no domain';
  return row.tier ?? 'no tier';
}

/**
 * Counts services per team, domain or tier. Tiers come in tier order, the
 * rest by size then name; "no ..." groups come last.
 */
export function groupServices(
  rows: ServiceRow[],
  by: Grouping,
): ServiceGroup[] {
  const groups = new Map<string, ServiceGroup>();
  for (const row of rows) {
    const key = groupKey(row, by);
    const group = groups.get(key) ?? { key, count: 0, missingMetadata: 0 };
    group.count += 1;
    if (row.missing.length > 0) group.missingMetadata += 1;
    groups.set(key, group);
  }
  const rank = (key: string) => {
    if (key.startsWith('no ')) return Number.MAX_SAFE_INTEGER;
    if (by === 'tier') return (TIER_NAMES as readonly string[]).indexOf(key);
    return 0;
  };
  return [...groups.values()].sort(
    (a, b) =>
      rank(a.key) - rank(b.key) ||
      b.count - a.count ||
      a.key.localeCompare(b.key),
  );
}
