import { SliSourceError } from './SliSource';
import { sloSliSourcesExtensionPoint } from './extensions';

describe('sloSliSourcesExtensionPoint', () => {
  it('is the SLO plugin’s extension point for SLI sources', () => {
    expect(sloSliSourcesExtensionPoint.id).toBe('slo.sli-sources');
  });

  it('marks source failures so the SLO shows them as its error', () => {
    const error = new SliSourceError('Prometheus is down');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('SliSourceError');
    expect(error.message).toBe('Prometheus is down');
  });
});
