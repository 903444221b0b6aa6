import { Entity } from '@backstage/catalog-model';
import { EntityTierFilter, NO_TIER } from './EntityTierFilter';

const withTier = (tier?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'svc',
    annotations: tier ? { 'golden-path.io/tier': tier } : {},
  },
});

const FIELD = 'metadata.annotations.golden-path.io/tier';

describe('EntityTierFilter', () => {
  const filter = new EntityTierFilter(['critical', 'important']);

  it('asks the catalog backend for the selected tiers', () => {
    expect(filter.getCatalogQuery()).toEqual({
      [FIELD]: { $in: ['critical', 'important'] },
    });
  });

  it('asks the catalog backend for entities without a tier for "No tier"', () => {
    expect(new EntityTierFilter([NO_TIER]).getCatalogQuery()).toEqual({
      $not: { [FIELD]: { $exists: true } },
    });
    expect(
      new EntityTierFilter(['critical', NO_TIER]).getCatalogQuery(),
    ).toEqual({
      $any: [
        { [FIELD]: { $in: ['critical'] } },
        { $not: { [FIELD]: { $exists: true } } },
      ],
    });
    expect(new EntityTierFilter([]).getCatalogQuery()).toBeUndefined();
  });

  it('keeps only entities of the selected tiers', () => {
    expect(filter.filterEntity(withTier('critical'))).toBe(true);
    expect(filter.filterEntity(withTier('standard'))).toBe(false);
    expect(filter.filterEntity(withTier())).toBe(false);
  });

  it('keeps entities without a tier for "No tier"', () => {
    const none = new EntityTierFilter([NO_TIER]);
    expect(none.filterEntity(withTier())).toBe(true);
    expect(none.filterEntity(withTier('critical'))).toBe(false);
  });

  it('round-trips through the URL', () => {
    expect(filter.toQueryValue()).toEqual(['critical', 'important']);
  });
});
