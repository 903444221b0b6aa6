import { isAdrAvailable } from './isAdrAvailable';

const entity = (annotations?: Record<string, string>) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'x', annotations },
});

describe('isAdrAvailable', () => {
  it('is true only with a non-empty golden-path.io/adr-location', () => {
    expect(
      isAdrAvailable(entity({ 'golden-path.io/adr-location': './docs/adr' })),
    ).toBe(true);
    expect(isAdrAvailable(entity({ 'golden-path.io/adr-location': '' }))).toBe(
      false,
    );
    expect(isAdrAvailable(entity({ 'backstage.io/adr-location': 'x' }))).toBe(
      false,
    );
    expect(isAdrAvailable(entity())).toBe(false);
  });
});
