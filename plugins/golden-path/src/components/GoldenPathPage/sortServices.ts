import { isTierName, TIER_NAMES } from '@golden-path/plugin-golden-path-common';
import type { DriftStatus, ServiceDrift } from '../../api/types';
import { compareVersions } from '../compareVersions';
import type { ServiceSortKey } from './goldenPathPageSearchParams';

/** Worst first: what needs an upgrade most comes first in ascending order. */
const STATUS_RANK: Record<DriftStatus, number> = {
  unsupported: 0,
  behind: 1,
  'unknown-version': 2,
  current: 3,
  'not-from-template': 4,
};

/** The value a column sorts by; undefined sorts last in either order. */
function sortValue(
  key: ServiceSortKey,
  row: ServiceDrift,
): string | number | undefined {
  switch (key) {
    case 'service':
      return row.title || row.entityRef;
    case 'owner':
      return row.ownerTitle || row.ownerRef;
    case 'tier':
      return isTierName(row.tier) ? TIER_NAMES.indexOf(row.tier) : undefined;
    case 'version':
      return row.version;
    case 'chassis':
      return row.chassisVersion && row.chassisVersion !== 'none'
        ? row.chassisVersion
        : undefined;
    case 'behind':
      return row.behind;
    case 'status':
    default:
      return STATUS_RANK[row.status];
  }
}

const VERSION_KEYS: ReadonlyArray<ServiceSortKey> = ['version', 'chassis'];

function compareValues(
  key: ServiceSortKey,
  a: string | number,
  b: string | number,
): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (VERSION_KEYS.includes(key)) return compareVersions(String(a), String(b));
  return String(a).localeCompare(String(b), 'en', { sensitivity: 'base' });
}

/**
 * The services in table order: by the column, services without a value in
 * it last whatever the direction, then by title and entity ref so the
 * order is stable between refreshes.
 */
export function sortServices(
  rows: ReadonlyArray<ServiceDrift>,
  key: ServiceSortKey,
  order: 'asc' | 'desc',
): ServiceDrift[] {
  const direction = order === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const va = sortValue(key, a);
    const vb = sortValue(key, b);
    if (va === undefined || vb === undefined) {
      const missing = Number(va === undefined) - Number(vb === undefined);
      if (missing) return missing;
    } else {
      const primary = compareValues(key, va, vb);
      if (primary) return primary * direction;
    }
    return (
      (a.title || '').localeCompare(b.title || '', 'en') ||
      a.entityRef.localeCompare(b.entityRef)
    );
  });
}
