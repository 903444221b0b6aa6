import { sloStatus } from './sloStatus';

describe('sloStatus', () => {
  const base = {
    attainment: 0.9995,
    budgetRemaining: 0.5,
    firingSeverities: [],
  };

  it.each([
    [{ ...base, error: 'bad file' }, 'error'],
    [{ ...base, attainment: null, budgetRemaining: null }, 'no-data'],
    [{ ...base, budgetRemaining: 0 }, 'breaching'],
    [{ ...base, budgetRemaining: -0.2 }, 'breaching'],
    [{ ...base, firingSeverities: ['page' as const] }, 'breaching'],
    [{ ...base, firingSeverities: ['ticket' as const] }, 'warning'],
    [{ ...base, budgetRemaining: 0.1 }, 'warning'],
    [base, 'ok'],
  ])('%j is %s', (input, status) => {
    expect(sloStatus(input)).toBe(status);
  });
});
