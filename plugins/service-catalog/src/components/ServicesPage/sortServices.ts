import { TIER_NAMES } from '@golden-path/plugin-golden-path-common';
import { ServiceRow } from './loadServices';

/** The columns the Services table sorts by. */
export type ServiceSort =
  | 'service'
  | 'team'
  | 'system'
  | 'domain'
  | 'tier'
  | 'lifecycle'
  | 'missing';

/** The value compared, undefined when the service has none (sorted last). */
function sortValue(
  row: ServiceRow,
  sort: ServiceSort,
): string | number | undefined {
  switch (sort) {
    case 'service':
      return row.title;
    case 'team':
      return row.owner?.title;
    case 'system':
      return row.system?.title;
    case 'domain':
      return row.domain?.title;
    case 'tier':
      // Tier order, strictest first, not the alphabet.
      return row.tier ? TIER_NAMES.indexOf(row.tier) : undefined;
    case 'lifecycle':
      return row.lifecycle || undefined;
    default:
      return row.missing.length;
  }
}

/**
 * The services sorted by a column, in either order; services without a value
 * (no team, no tier) come last both ways, ties by title.
 */
export function sortServices(
  rows: ServiceRow[],
  sort: ServiceSort,
  order: 'asc' | 'desc',
): ServiceRow[] {
  const sign = order === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = sortValue(a, sort);
    const y = sortValue(b, sort);
    if (x === undefined || y === undefined) {
      if (x !== y) return x === undefined ? 1 : -1;
    } else if (x !== y) {
      const compared =
        typeof x === 'number' && typeof y === 'number'
          ? x - y
          : String(x).localeCompare(String(y));
      if (compared !== 0) return sign * compared;
    }
    return a.title.localeCompare(b.title);
  });
}
