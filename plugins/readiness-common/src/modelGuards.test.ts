import {
  isConditionOperator,
  isLevelOrNone,
  isReadinessCategory,
  isReadinessLevel,
} from './modelGuards';

describe('model guards', () => {
  it('recognise the model names and nothing else', () => {
    expect(isReadinessLevel('silver')).toBe(true);
    expect(isReadinessLevel('none')).toBe(false);
    expect(isLevelOrNone('none')).toBe(true);
    expect(isLevelOrNone('Gold')).toBe(false);
    expect(isReadinessCategory('security')).toBe(true);
    expect(isReadinessCategory('toString')).toBe(false);
    expect(isConditionOperator('matches')).toBe(true);
    expect(isConditionOperator('equals')).toBe(false);
    expect(isConditionOperator(undefined)).toBe(false);
  });
});
