import { lineChartGeometry, nearestColumn } from './lineChartGeometry';

const box = { left: 0, right: 100, top: 0, bottom: 100 };
const day = (date: string) => Date.parse(`${date}T00:00:00Z`);

describe('lineChartGeometry', () => {
  it('maps time onto x and counts onto y from 0 to the largest value', () => {
    const geometry = lineChartGeometry(
      [
        { time: day('2026-03-03'), values: { a: 4, b: 1 } },
        { time: day('2026-03-01'), values: { a: 2, b: 0 } },
        { time: day('2026-03-02'), values: { a: 3, b: 2 } },
      ],
      ['a', 'b'],
      box,
    )!;
    expect(geometry.yMax).toBe(4);
    expect(geometry.yTicks).toEqual([0, 1, 2, 3, 4]);
    expect(geometry.series.a.path).toBe('M0.0,50.0 L50.0,25.0 L100.0,0.0');
    expect(geometry.series.b.path).toBe('M0.0,100.0 L50.0,50.0 L100.0,75.0');
    expect(geometry.columns.map(c => c.x)).toEqual([0, 50, 100]);
  });

  it('breaks a line at a missing value and drops invalid times', () => {
    const geometry = lineChartGeometry(
      [
        { time: day('2026-03-01'), values: { a: 1 } },
        { time: NaN, values: { a: 5 } },
        { time: day('2026-03-02'), values: { a: null } },
        { time: day('2026-03-03'), values: { a: NaN } },
        { time: day('2026-03-04'), values: { a: 2 } },
        { time: day('2026-03-05'), values: { a: 2 } },
      ],
      ['a'],
      box,
    )!;
    expect(geometry.yMax).toBe(2);
    expect(geometry.series.a.path.match(/[ML]/g)).toEqual(['M', 'M', 'L']);
    expect(geometry.series.a.points).toHaveLength(3);
    expect(geometry.columns).toHaveLength(5);
  });

  it('puts a single point in the middle and keeps a minimum height', () => {
    const geometry = lineChartGeometry(
      [{ time: day('2026-03-01'), values: { a: 0 } }],
      ['a'],
      box,
      { minYMax: 10 },
    )!;
    expect(geometry.series.a.path).toBe('M50.0,100.0');
    expect(geometry.yMax).toBe(10);
    expect(geometry.yTicks).toEqual([0, 5, 10]);
  });

  it('is null without any value', () => {
    expect(lineChartGeometry([], ['a'], box)).toBeNull();
    expect(
      lineChartGeometry([{ time: day('2026-03-01'), values: {} }], ['a'], box),
    ).toBeNull();
  });
});

describe('nearestColumn', () => {
  it('finds the nearest x, undefined for none', () => {
    expect(nearestColumn([{ x: 0 }, { x: 50 }, { x: 100 }], 70)).toEqual({
      x: 50,
    });
    expect(nearestColumn([], 10)).toBeUndefined();
  });
});
