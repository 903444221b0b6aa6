import { currentBurnRate } from './currentBurnRate';

describe('currentBurnRate', () => {
  it('takes the shortest window in which any SLO had events, the highest rate there', () => {
    expect(
      currentBurnRate([
        {
          burnRates: [
            { window: '5m', burnRate: null },
            { window: '1h', burnRate: 0.5 },
            { window: '3d', burnRate: 3 },
          ],
        },
        {
          burnRates: [
            { window: '5m', burnRate: null },
            { window: '1h', burnRate: 1.5 },
          ],
        },
      ]),
    ).toEqual({ burnRate: 1.5, window: '1h' });
  });

  it('prefers the shortest window when it has events', () => {
    expect(
      currentBurnRate([
        {
          burnRates: [
            { window: '3d', burnRate: 9 },
            { window: '5m', burnRate: 0.2 },
          ],
        },
      ]),
    ).toEqual({ burnRate: 0.2, window: '5m' });
  });

  it('is null without events in any window', () => {
    expect(currentBurnRate([])).toBeNull();
    expect(
      currentBurnRate([{ burnRates: [{ window: '5m', burnRate: null }] }]),
    ).toBeNull();
  });
});
