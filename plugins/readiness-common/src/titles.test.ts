import { READINESS_CATEGORIES, READINESS_LEVELS } from './model';
import { CATEGORY_TITLES, LEVEL_TITLES } from './titles';

describe('titles', () => {
  it('names every level, none included, and every category', () => {
    expect(Object.keys(LEVEL_TITLES).sort()).toEqual(
      [...READINESS_LEVELS, 'none'].sort(),
    );
    expect(LEVEL_TITLES.gold).toBe('Gold');
    expect(LEVEL_TITLES.none).toBe('None');
    expect(Object.keys(CATEGORY_TITLES).sort()).toEqual(
      [...READINESS_CATEGORIES].sort(),
    );
    expect(CATEGORY_TITLES.traceability).toBe('Traceability');
  });
});
