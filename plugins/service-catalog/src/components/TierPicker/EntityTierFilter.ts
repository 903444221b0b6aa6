import { Entity } from '@backstage/catalog-model';
import { EntityFilter } from '@backstage/plugin-catalog-react';
import { ANNOTATION_TIER } from '@golden-path/plugin-golden-path-common';

/** Keeps entities whose golden-path.io/tier is one of `values`; filtered by the catalog backend. */
export class EntityTierFilter implements EntityFilter {
  constructor(readonly values: string[]) {}

  getCatalogFilters(): Record<string, string[]> {
    return { [`metadata.annotations.${ANNOTATION_TIER}`]: this.values };
  }

  filterEntity(entity: Entity): boolean {
    const tier = entity.metadata.annotations?.[ANNOTATION_TIER];
    return tier !== undefined && this.values.includes(tier);
  }

  toQueryValue(): string[] {
    return this.values;
  }
}
