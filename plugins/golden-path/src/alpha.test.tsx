import goldenPathPlugin from './alpha';

describe('golden-path plugin (new frontend system)', () => {
  it('provides the api, the /golden-path page and the entity card', () => {
    expect(goldenPathPlugin.pluginId).toBe('golden-path');
    // getExtension throws for an id the plugin does not have.
    expect(goldenPathPlugin.getExtension('api:golden-path')).toBeDefined();
    expect(goldenPathPlugin.getExtension('page:golden-path')).toBeDefined();
    expect(
      goldenPathPlugin.getExtension('entity-card:golden-path'),
    ).toBeDefined();
  });
});
