import {
  dataStep,
  formatTimeTick,
  lastOfEachDay,
  nearestColumn,
  niceStep,
  timeSeriesGeometry,
  timeTicks,
  valueAxis,
} from './timeSeriesGeometry';

const box = { left: 0, right: 100, top: 0, bottom: 100 };
const day = (date: string) => Date.parse(`${date}T00:00:00Z`);
const hourly = (values: Array<number | null>) =>
  values.map((value, i) => ({
    time: day('2026-03-01') + i * 3_600_000,
    values: { a: value },
  }));

/** The burn-down axis of the SLO plugin: 100 % to 0 %, cut at −100 %. */
const budgetAxis = { include: [0, 1], floor: -1, step: 0.25, tickStep: 0.5 };

describe('timeSeriesGeometry', () => {
  it('maps time onto x and counts onto y from 0 to the largest value', () => {
    const geometry = timeSeriesGeometry(
      [
        { time: day('2026-03-03'), values: { a: 4, b: 1 } },
        { time: day('2026-03-01'), values: { a: 2, b: 0 } },
        { time: day('2026-03-02'), values: { a: 3, b: 2 } },
      ],
      ['a', 'b'],
      box,
      { yAxis: { integer: true } },
    )!;
    expect(geometry.yDomain).toEqual([0, 4]);
    expect(geometry.yTicks).toEqual([0, 1, 2, 3, 4]);
    expect(geometry.series.a.path).toBe('M0.0,50.0 L50.0,25.0 L100.0,0.0');
    expect(geometry.series.b.path).toBe('M0.0,100.0 L50.0,50.0 L100.0,75.0');
    expect(geometry.columns.map(c => c.x)).toEqual([0, 50, 100]);
    expect(geometry.clipped).toEqual({ below: false, above: false });
  });

  it('breaks a line at a missing value and drops invalid times', () => {
    const geometry = timeSeriesGeometry(
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
    expect(geometry.yDomain).toEqual([0, 2]);
    expect(geometry.series.a.path.match(/[ML]/g)).toEqual(['M', 'M', 'L']);
    expect(geometry.series.a.points).toHaveLength(3);
    expect(geometry.series.a.points.map(p => p.isolated)).toEqual([
      true,
      false,
      false,
    ]);
    expect(geometry.columns).toHaveLength(5);
  });

  it('puts a single time in the middle and keeps the included values', () => {
    const geometry = timeSeriesGeometry(
      [{ time: day('2026-03-01'), values: { a: 0 } }],
      ['a'],
      box,
      { yAxis: { include: [0, 10], integer: true } },
    )!;
    expect(geometry.series.a.path).toBe('M50.0,100.0');
    expect(geometry.series.a.points[0].isolated).toBe(true);
    expect(geometry.yDomain).toEqual([0, 10]);
    expect(geometry.yTicks).toEqual([0, 5, 10]);
  });

  it('spans the given time domain as well as the data', () => {
    const geometry = timeSeriesGeometry(
      [
        { time: day('2026-03-02'), values: { a: 1 } },
        { time: day('2026-03-03'), values: { a: 0.5 } },
      ],
      ['a'],
      box,
      { xDomain: [day('2026-03-01'), day('2026-03-05')], yAxis: budgetAxis },
    )!;
    expect(geometry.xDomain).toEqual([day('2026-03-01'), day('2026-03-05')]);
    expect(geometry.yDomain).toEqual([0, 1]);
    expect(geometry.series.a.path).toBe('M25.0,0.0 L50.0,50.0');
    expect(geometry.y(0)).toBe(100);
  });

  it('draws values below the floor at the bottom edge and says so', () => {
    const geometry = timeSeriesGeometry(hourly([0.2, -7]), ['a'], box, {
      yAxis: budgetAxis,
    })!;
    expect(geometry.yDomain).toEqual([-1, 1]);
    expect(geometry.clipped).toEqual({ below: true, above: false });
    expect(geometry.series.a.points[1].y).toBe(100);
    const shallow = timeSeriesGeometry(hourly([0.2, -0.5]), ['a'], box, {
      yAxis: budgetAxis,
    })!;
    expect(shallow.yDomain).toEqual([-0.5, 1]);
    expect(shallow.clipped.below).toBe(false);
  });

  it('is null without any value', () => {
    expect(timeSeriesGeometry([], ['a'], box)).toBeNull();
    expect(
      timeSeriesGeometry([{ time: day('2026-03-01'), values: {} }], ['a'], box),
    ).toBeNull();
    expect(timeSeriesGeometry(hourly([null]), ['a'], box)).toBeNull();
  });
});

describe('valueAxis', () => {
  it('rounds count axes up to a round step with at most five labels', () => {
    expect(valueAxis([7], { integer: true })).toEqual({
      domain: [0, 8],
      ticks: [0, 2, 4, 6, 8],
    });
    expect(valueAxis([0], { integer: true })).toEqual({
      domain: [0, 1],
      ticks: [0, 1],
    });
    expect(valueAxis([37], { integer: true })).toEqual({
      domain: [0, 40],
      ticks: [0, 10, 20, 30, 40],
    });
  });

  it('ends an axis below zero on its step, not on the lowest value', () => {
    // Not −31 %: the next quarter down, labelled with the halves.
    expect(valueAxis([0.4, -0.31], budgetAxis)).toEqual({
      domain: [-0.5, 1],
      ticks: [-0.5, 0, 0.5, 1],
    });
    expect(valueAxis([0.4, -0.1], budgetAxis)).toEqual({
      domain: [-0.25, 1],
      ticks: [-0.25, 0, 0.5, 1],
    });
    expect(valueAxis([0.5], budgetAxis).ticks).toEqual([0, 0.5, 1]);
    expect(valueAxis([-3], budgetAxis).ticks).toEqual([-1, -0.5, 0, 0.5, 1]);
  });

  it('cuts at the ceiling', () => {
    expect(valueAxis([250], { ceiling: 100, tickStep: 50 })).toEqual({
      domain: [0, 100],
      ticks: [0, 50, 100],
    });
  });
});

describe('niceStep', () => {
  it('picks 1, 2 or 5 times a power of ten', () => {
    expect(niceStep(4)).toBe(1);
    expect(niceStep(10)).toBe(5);
    expect(niceStep(0.6)).toBe(0.2);
    expect(niceStep(1, 5, true)).toBe(1);
    expect(niceStep(0)).toBe(1);
  });
});

describe('timeTicks', () => {
  const x = (t0: number, t1: number, width: number) => (time: number) =>
    ((time - t0) / (t1 - t0)) * width;

  it('labels both ends and round days between them without overlap', () => {
    const t0 = day('2026-03-01');
    const t1 = day('2026-03-31');
    const ticks = timeTicks([t0, t1], x(t0, t1, 580));
    expect(ticks[0]).toMatchObject({ label: '2026-03-01', anchor: 'start' });
    expect(ticks[ticks.length - 1]).toMatchObject({
      label: '2026-03-31',
      anchor: 'end',
    });
    const inner = ticks.slice(1, -1);
    expect(inner.length).toBeGreaterThan(0);
    // Weekly ticks fall on Mondays.
    inner.forEach(tick => expect(new Date(tick.time).getUTCDay()).toBe(1));
    for (let i = 1; i < ticks.length; i++) {
      expect(ticks[i].x - ticks[i - 1].x).toBeGreaterThan(40);
    }
    // Wider, the ticks come closer together in time.
    const wide = timeTicks([t0, t1], x(t0, t1, 1800));
    expect(wide.length).toBeGreaterThan(ticks.length);
  });

  it('labels hours within a day, and a single time once', () => {
    const t0 = day('2026-03-01');
    const t1 = t0 + 6 * 3_600_000;
    const ticks = timeTicks([t0, t1], x(t0, t1, 580));
    expect(ticks.map(t => t.label)).toContain('03-01 03:00');
    expect(timeTicks([t0, t0], () => 50)).toEqual([
      { time: t0, x: 50, label: '2026-03-01', anchor: 'middle' },
    ]);
  });

  it('never labels times closer than the data', () => {
    const t0 = day('2026-03-28');
    const t1 = day('2026-03-30');
    const ticks = timeTicks([t0, t1], x(t0, t1, 580), { minStep: 86_400_000 });
    expect(ticks.map(t => t.label)).toEqual([
      '2026-03-28',
      '2026-03-29',
      '2026-03-30',
    ]);
  });

  it('never repeats a label (an end between two round minutes)', () => {
    const t0 = Date.parse('2026-12-07T17:02:10Z');
    const t1 = Date.parse('2026-12-07T17:05:40Z');
    const labels = timeTicks([t0, t1], x(t0, t1, 900), {
      minStep: 60_000,
    }).map(t => t.label);
    expect(labels).toEqual(['12-07 17:02', '12-07 17:05']);
    const sameMinute = timeTicks([t1, t1 + 5_000], x(t1, t1 + 5_000, 900));
    expect(sameMinute.map(t => t.label)).toEqual(['12-07 17:05']);
  });

  it('keeps only the first end when both do not fit', () => {
    const t0 = day('2026-03-01');
    const t1 = day('2026-03-02');
    expect(timeTicks([t0, t1], x(t0, t1, 60))).toHaveLength(1);
  });

  it('formats days, and times for short steps', () => {
    expect(formatTimeTick(day('2026-03-14'), 86_400_000)).toBe('2026-03-14');
    expect(formatTimeTick(day('2026-03-14') + 13 * 3_600_000, 3_600_000)).toBe(
      '03-14 13:00',
    );
  });
});

describe('nearestColumn and lastOfEachDay', () => {
  it('finds the nearest x, undefined for none', () => {
    expect(nearestColumn([{ x: 0 }, { x: 50 }, { x: 100 }], 70)).toEqual({
      x: 50,
    });
    expect(nearestColumn([], 10)).toBeUndefined();
  });

  it('keeps the last column of each UTC day', () => {
    const columns = [
      { time: Date.parse('2026-03-01T00:00:00Z'), n: 1 },
      { time: Date.parse('2026-03-01T23:00:00Z'), n: 2 },
      { time: Date.parse('2026-03-02T12:00:00Z'), n: 3 },
    ];
    expect(lastOfEachDay(columns).map(c => c.n)).toEqual([2, 3]);
  });
});

describe('dataStep', () => {
  it('is the shortest gap between times, at most a day', () => {
    const h = 3_600_000;
    expect(dataStep([0, 3 * h, 4 * h, 4 * h])).toBe(h);
    expect(dataStep([0, 48 * h])).toBe(24 * h);
    expect(dataStep([0])).toBe(24 * h);
  });
});
