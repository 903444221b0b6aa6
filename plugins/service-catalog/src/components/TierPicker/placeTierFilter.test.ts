import serviceCatalogPlugin from '../../alpha';
import { placeTierFilter, TIER_FILTER_ID } from './placeTierFilter';

const filter = (id: string) => ({ node: { spec: { id } } });
const ids = (filters: { node: { spec: { id: string } } }[]) =>
  filters.map(f => f.node.spec.id.replace('catalog-filter:', ''));

describe('placeTierFilter', () => {
  it('knows the id of the tier filter of the plugin', () => {
    expect(serviceCatalogPlugin.getExtension(TIER_FILTER_ID)).toBeDefined();
  });

  it('moves the tier filter from the end to right after the type filter', () => {
    const stock = [
      'kind',
      'type',
      'list',
      'mode',
      'lifecycle',
      'tag',
      'processing-status',
      'namespace',
    ].map(name => filter(`catalog-filter:catalog/${name}`));
    expect(ids(placeTierFilter([...stock, filter(TIER_FILTER_ID)]))).toEqual([
      'catalog/kind',
      'catalog/type',
      'service-catalog/tier',
      'catalog/list',
      'catalog/mode',
      'catalog/lifecycle',
      'catalog/tag',
      'catalog/processing-status',
      'catalog/namespace',
    ]);
  });

  it('goes after the kind filter without a type filter, first without either', () => {
    expect(
      ids(
        placeTierFilter([
          filter('catalog-filter:catalog/kind'),
          filter('catalog-filter:catalog/list'),
          filter(TIER_FILTER_ID),
        ]),
      ),
    ).toEqual(['catalog/kind', 'service-catalog/tier', 'catalog/list']);
    expect(
      ids(
        placeTierFilter([
          filter('catalog-filter:catalog/list'),
          filter(TIER_FILTER_ID),
        ]),
      ),
    ).toEqual(['service-catalog/tier', 'catalog/list']);
  });

  it('leaves the filters alone without the tier filter', () => {
    const filters = [filter('catalog-filter:catalog/kind')];
    expect(placeTierFilter(filters)).toBe(filters);
  });
});
