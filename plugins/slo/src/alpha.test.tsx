import sloPlugin from './alpha';

describe('slo plugin (new frontend system)', () => {
  it('provides the api, the /slo page and the SLOs entity card', () => {
    expect(sloPlugin.pluginId).toBe('slo');
    // getExtension throws for an id the plugin does not have.
    expect(sloPlugin.getExtension('api:slo')).toBeDefined();
    expect(sloPlugin.getExtension('page:slo')).toBeDefined();
    expect(sloPlugin.getExtension('entity-card:slo')).toBeDefined();
  });
});
