import adrPlugin from './alpha';

describe('adr plugin (new frontend system)', () => {
  it('provides the api, the /adrs page and the Decisions entity tab', () => {
    expect(adrPlugin.pluginId).toBe('adr');
    // getExtension throws for an id the plugin does not have.
    expect(adrPlugin.getExtension('api:adr')).toBeDefined();
    expect(adrPlugin.getExtension('page:adr')).toBeDefined();
    expect(adrPlugin.getExtension('entity-content:adr')).toBeDefined();
  });

  it('gives the search page an ADR result item and a Decisions result type', () => {
    expect(adrPlugin.getExtension('search-result-list-item:adr')).toBeDefined();
    expect(
      adrPlugin.getExtension('search-filter-result-type:adr'),
    ).toBeDefined();
  });
});
