import {
  DEFAULT_TIER_TABLE,
  TIER_NAMES,
  TierTable,
} from '@golden-path/plugin-golden-path-common';
import { ServiceRow } from './loadServices';

/** How the Services page groups services. */
export type Grouping = 'team' | 'domain' | 'tier';

/** The key of the group of services without a team, domain or tier. */
export const NO_GROUP = '';

/** One group: its key (an entity ref, a tier, or `NO_GROUP`), its title, its services. */
export type ServiceGroup = {
  key: string;
  title: string;
  /** The entity ref the group is named after, for a link; undefined for tiers and `NO_GROUP`. */
  entityRef?: string;
  rows: ServiceRow[];
  count: number;
  missingMetadata: number;
};

const NONE_TITLES: Record<Grouping, string> = {
  team: 'No team',
  domain: 'No domain',
  tier: 'No tier',
};

/** The key of the group a service is in. */
export function groupKey(row: ServiceRow, by: Grouping): string {
  if (by === 'team') return row.owner?.ref ?? NO_GROUP;
  if (by === 'domain') return row.domain?.ref ?? NO_GROUP;
  return row.tier ?? NO_GROUP;
}

function groupTitle(row: ServiceRow, by: Grouping, tiers: TierTable): string {
  if (by === 'team') return row.owner?.title ?? NONE_TITLES.team;
  if (by === 'domain') return row.domain?.title ?? NONE_TITLES.domain;
  return row.tier ? tiers[row.tier].title : NONE_TITLES.tier;
}

/**
 * The services in groups by team, domain or tier, each group's services in
 * the order given. Tiers come in tier order, teams and domains by size then
 * title; the group without a team, domain or tier comes last.
 */
export function groupServices(
  rows: ServiceRow[],
  by: Grouping,
  tiers: TierTable = DEFAULT_TIER_TABLE,
): ServiceGroup[] {
  const groups = new Map<string, ServiceGroup>();
  for (const row of rows) {
    const key = groupKey(row, by);
    let group = groups.get(key);
    if (!group) {
      group = {
        key,
        title: groupTitle(row, by, tiers),
        entityRef: by === 'tier' || key === NO_GROUP ? undefined : key,
        rows: [],
        count: 0,
        missingMetadata: 0,
      };
      groups.set(key, group);
    }
    group.rows.push(row);
    group.count += 1;
    if (row.missing.length > 0) group.missingMetadata += 1;
  }
  const rank = (key: string) => {
    if (key === NO_GROUP) return Number.MAX_SAFE_INTEGER;
    if (by === 'tier') return (TIER_NAMES as readonly string[]).indexOf(key);
    return 0;
  };
  return [...groups.values()].sort(
    (a, b) =>
      rank(a.key) - rank(b.key) ||
      b.count - a.count ||
      a.title.localeCompare(b.title),
  );
}
