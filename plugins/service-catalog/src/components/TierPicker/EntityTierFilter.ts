import { Entity } from '@backstage/catalog-model';
import { EntityFilter } from '@backstage/plugin-catalog-react';
import { ANNOTATION_TIER } from '@golden-path/plugin-golden-path-common';

/** The filter value of "No tier": entities without a golden-path.io/tier annotation. */
export const NO_TIER = 'none';

/** A catalog filter predicate (`@backstage/filter-predicates`). */
type FilterPredicate = NonNullable<
  ReturnType<NonNullable<EntityFilter['getCatalogQuery']>>
>;

const TIER_FIELD = `metadata.annotations.${ANNOTATION_TIER}`;

/**
 * Keeps entities whose golden-path.io/tier is one of `values`, and those
 * without one when `values` holds `NO_TIER`; filtered by the catalog backend.
 */
export class EntityTierFilter implements EntityFilter {
  constructor(readonly values: string[]) {}

  getCatalogQuery(): FilterPredicate | undefined {
    const tiers = this.values.filter(value => value !== NO_TIER);
    const parts: FilterPredicate[] = [];
    if (tiers.length > 0) {
      parts.push({ [TIER_FIELD]: { $in: tiers } });
    }
    if (this.values.includes(NO_TIER)) {
      parts.push({ $not: { [TIER_FIELD]: { $exists: true } } });
    }
    if (parts.length === 0) {
      return undefined;
    }
    return parts.length === 1 ? parts[0] : { $any: parts };
  }

  filterEntity(entity: Entity): boolean {
    const tier = entity.metadata.annotations?.[ANNOTATION_TIER];
    if (tier === undefined) {
      return this.values.includes(NO_TIER);
    }
    return this.values.includes(tier);
  }

  toQueryValue(): string[] {
    return this.values;
  }
}
