import {
  formatBudget,
  formatBurnRate,
  formatLatency,
  formatPercent,
} from './formatPercent';

describe('formatPercent', () => {
  it.each([
    [0.9999, '99.99 %'],
    [0.999, '99.9 %'],
    [0.995, '99.5 %'],
    [0.99, '99 %'],
    [0.9995, '99.95 %'],
    [0.99953, '99.953 %'],
    [0.99996, '99.996 %'],
    [0.999999, '99.9999 %'],
    [0.99999999, '99.9999 %'],
    [1, '100 %'],
    [0.985, '98.5 %'],
    [0.123456, '12.35 %'],
    [0, '0 %'],
    [0.0001, '0.01 %'],
  ])('%p -> %p', (value, text) => {
    expect(formatPercent(value)).toBe(text);
  });

  it('never rounds a missed objective up to 100 %', () => {
    expect(formatPercent(0.9999999999)).not.toBe('100 %');
  });

  it.each([null, undefined, NaN, Infinity, -Infinity])(
    'shows a dash for %p',
    value => {
      expect(formatPercent(value)).toBe('—');
    },
  );
});

describe('formatBudget', () => {
  it.each([
    [1, '100 %'],
    [0.625, '62.5 %'],
    [0.12345, '12.3 %'],
    [0, '0 %'],
    [-0.0001, '0 %'],
    [-0.35, '−35 %'],
    [-2.5, '−250 %'],
    [null, '—'],
    [NaN, '—'],
  ])('%p -> %p', (value, text) => {
    expect(formatBudget(value)).toBe(text);
  });
});

describe('formatBurnRate', () => {
  it.each([
    [0, '0.0×'],
    [1, '1.0×'],
    [2.345, '2.3×'],
    [14.4, '14.4×'],
    [99.96, '100.0×'],
    [123.4, '123×'],
    [null, '—'],
    [NaN, '—'],
    [Infinity, '—'],
  ])('%p -> %p', (value, text) => {
    expect(formatBurnRate(value)).toBe(text);
  });
});

describe('formatLatency', () => {
  it.each([
    [100, '100 ms'],
    [500, '500 ms'],
    [1000, '1 s'],
    [2500, '2.5 s'],
    [5000, '5 s'],
    [null, '—'],
  ])('%p -> %p', (value, text) => {
    expect(formatLatency(value)).toBe(text);
  });
});
