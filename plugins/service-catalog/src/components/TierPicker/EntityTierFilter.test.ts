import { Entity } from '@backstage/catalog-model';
import { EntityTierFilter } from './EntityTierFilter';

const withTier = (tier?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'svc',
    annotations: tier ? { 'golden-path.io/tier': tier } : {},
  },
});

describe('EntityTierFilter', () => {
  const filter = new EntityTierFilter(['critical', 'important']);

  it('asks the catalog backend for the selected tiers', () => {
    expect(filter.getCatalogFilters()).toEqual({
      'metadata.annotations.golden-path.io/tier': ['critical', 'important'],
    });
  });

  it('keeps only entities of the selected tiers', () => {
    expect(filter.filterEntity(withTier('critical'))).toBe(true);
    expect(filter.filterEntity(withTier('standard'))).toBe(false);
    expect(filter.filterEntity(withTier())).toBe(false);
  });

  it('round-trips through the URL', () => {
    expect(filter.toQueryValue()).toEqual(['critical', 'important']);
  });
});
