import { validateSliBatch } from './validateSliBatch';

const now = Date.parse('2026-03-01T12:00:00Z');
const point = {
  sloRef: 'component:default/checkout/checkout-availability',
  timestamp: '2026-03-01T11:59:00Z',
  good: 99,
  total: 100,
};

function errorsOf(points: unknown, options = {}) {
  return validateSliBatch(points, { now, ...options }).errors;
}

describe('validateSliBatch', () => {
  it('accepts valid points', () => {
    const result = validateSliBatch(
      [
        point,
        {
          ...point,
          timestamp: '2026-03-01T12:03:00.000+01:00',
          good: 0,
          total: 0,
        },
      ],
      { now },
    );
    expect(result.errors).toEqual([]);
    expect(result.points).toHaveLength(2);
  });

  it.each([
    [
      { ...point, good: -1 },
      'good',
      'points[0].good must not be negative, got -1',
    ],
    [
      { ...point, total: -5 },
      'total',
      'points[0].total must not be negative, got -5',
    ],
    [
      { ...point, good: 1.5 },
      'good',
      'points[0].good must be a whole number, got 1.5',
    ],
    [
      { ...point, good: '99' },
      'good',
      'points[0].good must be a number, got "99"',
    ],
    [
      { ...point, total: NaN },
      'total',
      'points[0].total must be a number, got NaN',
    ],
    [
      { ...point, good: 101 },
      'good',
      'points[0].good (101) must not exceed total (100)',
    ],
    [
      { ...point, timestamp: '2026-03-01T12:06:00Z' },
      'timestamp',
      'points[0].timestamp 2026-03-01T12:06:00Z is more than 5 minutes in the future',
    ],
    [
      { ...point, timestamp: '2025-01-01T00:00:00Z' },
      'timestamp',
      'points[0].timestamp 2025-01-01T00:00:00Z is more than 400 days old',
    ],
    [
      { ...point, timestamp: '2026-03-01 11:59' },
      'timestamp',
      'points[0].timestamp must be an ISO 8601 time with a zone, e.g. "2026-03-01T12:34:00Z", got "2026-03-01 11:59"',
    ],
    [
      { ...point, timestamp: '2026-02-30T11:59:00Z' },
      'timestamp',
      'points[0].timestamp is not a real time: "2026-02-30T11:59:00Z"',
    ],
    [
      { ...point, sloRef: '' },
      'sloRef',
      'points[0].sloRef must be a non-empty string, got ""',
    ],
    [
      { ...point, sloRef: 'x'.repeat(513) },
      'sloRef',
      'points[0].sloRef is longer than 512 characters',
    ],
    [
      { ...point, extra: 1 },
      'extra',
      'points[0] has an unknown field "extra"; expected only sloRef, timestamp, good, total',
    ],
    [null, '', 'points[0] must be an object, got null'],
  ])('refuses %j', (bad, field, message) => {
    expect(validateSliBatch([bad], { now })).toEqual({
      points: [],
      errors: [{ index: 0, field, message }],
    });
  });

  it('refuses two points for the same SLO and instant', () => {
    expect(
      errorsOf([point, { ...point, timestamp: '2026-03-01T12:59:00+01:00' }]),
    ).toEqual([
      {
        index: 1,
        field: 'timestamp',
        message: 'points[1] is for the same sloRef and time as points[0]',
      },
    ]);
  });

  it('keeps the valid points and reports the others by index', () => {
    const result = validateSliBatch(
      [point, { ...point, good: -1 }, { ...point, sloRef: 'other' }],
      { now },
    );
    expect(result.points.map(p => p.sloRef)).toEqual([point.sloRef, 'other']);
    expect(result.errors.map(e => e.index)).toEqual([1]);
  });

  it('refuses a batch that is not a list', () => {
    expect(errorsOf({ points: [] })).toEqual([
      {
        index: null,
        field: '',
        message: 'points must be a list, got an object',
      },
    ]);
  });

  it('refuses 100,000 points with one error and no per-point work', () => {
    const points = new Array(100_000);
    let touched = 0;
    const proxy = new Proxy(points, {
      get(target, key) {
        if (typeof key === 'string' && /^\d+$/.test(key)) touched++;
        return Reflect.get(target, key);
      },
    });
    const started = Date.now();
    expect(errorsOf(proxy)).toEqual([
      {
        index: null,
        field: '',
        message:
          'the batch has 100000 points, over the limit of 10000; send smaller batches',
      },
    ]);
    expect(touched).toBe(0);
    expect(Date.now() - started).toBeLessThan(50);
  });

  it('honours configured limits', () => {
    expect(errorsOf([point, point], { maxPoints: 1 })[0].message).toMatch(
      /over the limit of 1;/,
    );
    expect(
      errorsOf([{ ...point, timestamp: '2026-02-20T00:00:00Z' }], {
        maxAgeDays: 7,
      })[0].message,
    ).toMatch(/more than 7 days old/);
  });

  it('stops after 100 errors', () => {
    const errors = errorsOf(
      Array.from({ length: 500 }, () => ({ ...point, good: -1 })),
    );
    expect(errors).toHaveLength(101);
    expect(errors[100].message).toBe('stopped after 100 errors');
  });
});
