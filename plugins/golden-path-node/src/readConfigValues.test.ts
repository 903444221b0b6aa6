import { ConfigReader } from '@backstage/config';
import { readConfigInteger, readConfigSchedule } from './readConfigValues';

describe('readConfigInteger', () => {
  const read = (value: number | string) =>
    readConfigInteger(new ConfigReader({ a: { n: value } }), 'a.n', {
      fallback: 7,
      min: 1,
      max: 10,
    });

  it('reads a whole number in range, else the fallback when unset', () => {
    expect(read(3)).toBe(3);
    expect(
      readConfigInteger(new ConfigReader({}), 'a.n', {
        fallback: 7,
        min: 1,
        max: 10,
      }),
    ).toBe(7);
  });

  it.each([
    [0, 'must be a whole number from 1 to 10, got 0'],
    [11, 'must be a whole number from 1 to 10, got 11'],
    [2.5, 'must be a whole number from 1 to 10, got 2.5'],
    ['many', 'must be a number'],
  ])('refuses %j naming the key', (value, why) => {
    expect(() => read(value)).toThrow(`Invalid config a.n: ${why}`);
  });
});

describe('readConfigSchedule', () => {
  const fallback = { frequency: { minutes: 10 }, timeout: { minutes: 5 } };

  it('reads durations and ISO strings, else the fallback', () => {
    expect(
      readConfigSchedule(
        new ConfigReader({ s: { frequency: 'PT20S', timeout: 'PT5M' } }),
        's',
        fallback,
      ),
    ).toEqual(
      expect.objectContaining({
        frequency: expect.anything(),
        timeout: expect.anything(),
      }),
    );
    expect(readConfigSchedule(new ConfigReader({}), 's', fallback)).toBe(
      fallback,
    );
  });

  it('refuses a bad schedule naming the key', () => {
    expect(() =>
      readConfigSchedule(
        new ConfigReader({ s: { frequency: 'often' } }),
        's',
        fallback,
      ),
    ).toThrow(/^Invalid config s: /);
  });
});
