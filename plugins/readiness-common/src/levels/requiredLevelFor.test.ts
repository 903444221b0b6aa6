import { DEFAULT_REQUIRED_LEVELS } from '../model';
import { requiredLevelFor } from './requiredLevelFor';

describe('requiredLevelFor', () => {
  it('uses the default levels of the issue', () => {
    expect(requiredLevelFor('critical', DEFAULT_REQUIRED_LEVELS)).toBe('gold');
    expect(requiredLevelFor('important', DEFAULT_REQUIRED_LEVELS)).toBe(
      'silver',
    );
    expect(requiredLevelFor('standard', DEFAULT_REQUIRED_LEVELS)).toBe(
      'bronze',
    );
    expect(requiredLevelFor('best-effort', DEFAULT_REQUIRED_LEVELS)).toBe(
      'none',
    );
  });

  it('uses configured levels', () => {
    const configured = {
      ...DEFAULT_REQUIRED_LEVELS,
      standard: 'silver' as const,
    };
    expect(requiredLevelFor('standard', configured)).toBe('silver');
  });

  it('requires nothing of a service without a tier', () => {
    expect(requiredLevelFor(null, DEFAULT_REQUIRED_LEVELS)).toBe('none');
  });

  it('falls back to the default for a tier missing from a partial table', () => {
    const partial = { critical: 'silver' } as typeof DEFAULT_REQUIRED_LEVELS;
    expect(requiredLevelFor('critical', partial)).toBe('silver');
    expect(requiredLevelFor('important', partial)).toBe('silver');
    expect(requiredLevelFor('best-effort', partial)).toBe('none');
  });
});
