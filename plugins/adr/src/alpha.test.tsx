import adrPlugin from './alpha';

describe('adr plugin (new frontend system)', () => {
  it('provides the api, the /adrs page and the Decisions entity tab', () => {
    expect(adrPlugin.pluginId).toBe('adr');
    // getExtension throws for an id the plugin does not have.
    expect(adrPlugin.getExtension('api:adr')).toBeDefined();
    expect(adrPlugin.getExtension('page:adr')).toBeDefined();
    expect(adrPlugin.getExtension('entity-content:adr')).toBeDefined();
  });
});
