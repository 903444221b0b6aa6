import readinessPlugin from './alpha';

describe('readiness plugin (new frontend system)', () => {
  it('provides the api, the /readiness page, the entity tab and card', () => {
    expect(readinessPlugin.pluginId).toBe('readiness');
    // getExtension throws for an id the plugin does not have.
    expect(readinessPlugin.getExtension('api:readiness')).toBeDefined();
    expect(readinessPlugin.getExtension('page:readiness')).toBeDefined();
    expect(
      readinessPlugin.getExtension('entity-content:readiness'),
    ).toBeDefined();
    expect(readinessPlugin.getExtension('entity-card:readiness')).toBeDefined();
  });
});
