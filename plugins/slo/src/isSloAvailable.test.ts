import type { Entity } from '@backstage/catalog-model';
import { isSloAvailable } from './isSloAvailable';

const entity = (annotations?: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'orders', annotations },
});

describe('isSloAvailable', () => {
  it('is true with a tier or an OpenSLO file', () => {
    expect(isSloAvailable(entity({ 'golden-path.io/tier': 'critical' }))).toBe(
      true,
    );
    expect(isSloAvailable(entity({ 'golden-path.io/slo': './slo.yaml' }))).toBe(
      true,
    );
  });

  it('is false without either, or with empty values', () => {
    expect(isSloAvailable(entity())).toBe(false);
    expect(isSloAvailable(entity({ 'golden-path.io/tier': '' }))).toBe(false);
    expect(
      isSloAvailable(entity({ 'golden-path.io/runbook': 'https://x' })),
    ).toBe(false);
  });
});
