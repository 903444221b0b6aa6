import type { Entity } from '@backstage/catalog-model';
import { isReadinessAvailable } from './isReadinessAvailable';

const entity = (kind: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name: 'orders' },
});

describe('isReadinessAvailable', () => {
  it('is true for components, whatever the case of the kind', () => {
    expect(isReadinessAvailable(entity('Component'))).toBe(true);
    expect(isReadinessAvailable(entity('component'))).toBe(true);
  });

  it('is false for other kinds', () => {
    expect(isReadinessAvailable(entity('System'))).toBe(false);
    expect(isReadinessAvailable(entity('API'))).toBe(false);
    expect(isReadinessAvailable(entity('Group'))).toBe(false);
  });
});
