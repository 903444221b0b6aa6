import type { BurnDownPoint } from '@golden-path/plugin-slo-common';
import {
  burnDownTicks,
  burnDownGeometry,
  dailyPoints,
  nearestPoint,
} from './burnDownGeometry';

const point = (
  time: string,
  remainingFraction: number | null,
): BurnDownPoint => ({
  time,
  remainingFraction,
  good: 0,
  total: 0,
  consumedBad: 0,
  allowedBad: 0,
});

const box = { left: 0, right: 100, top: 0, bottom: 100 };

describe('burnDownGeometry', () => {
  it('maps time onto x over the window and budget onto y from 0 % to 100 %', () => {
    const geometry = burnDownGeometry(
      [point('2026-03-02T00:00:00Z', 1), point('2026-03-03T00:00:00Z', 0.5)],
      {
        ...box,
        window: { start: '2026-03-01T00:00:00Z', end: '2026-03-05T00:00:00Z' },
      },
    )!;
    expect(geometry.yDomain).toEqual([0, 1]);
    expect(geometry.path).toBe('M25.0,0.0 L50.0,50.0');
    expect(geometry.y(0)).toBe(100);
    expect(geometry.cut).toBe(false);
  });

  it('sorts points, breaks the line at a point without a value and drops bad times', () => {
    const geometry = burnDownGeometry(
      [
        point('2026-03-01T03:00:00Z', 0.8),
        point('not a time', 0.1),
        point('2026-03-01T00:00:00Z', 1),
        point('2026-03-01T01:00:00Z', null),
        point('2026-03-01T02:00:00Z', 0.9),
      ],
      box,
    )!;
    expect(geometry.points.map(p => p.remaining)).toEqual([1, 0.9, 0.8]);
    expect(geometry.path.match(/[ML]/g)).toEqual(['M', 'M', 'L']);
  });

  it('goes below zero for an overspent budget, cut at −100 %', () => {
    const geometry = burnDownGeometry(
      [point('2026-03-01T00:00:00Z', 0.2), point('2026-03-01T01:00:00Z', -0.5)],
      box,
    )!;
    expect(geometry.yDomain).toEqual([-0.5, 1]);
    expect(geometry.cut).toBe(false);
    const deep = burnDownGeometry(
      [point('2026-03-01T00:00:00Z', 0.2), point('2026-03-01T01:00:00Z', -7)],
      box,
    )!;
    expect(deep.yDomain).toEqual([-1, 1]);
    expect(deep.cut).toBe(true);
    expect(deep.points[1].y).toBe(100);
  });

  it('ends an overspent axis on a round value, not on the lowest point', () => {
    const geometry = burnDownGeometry(
      [
        point('2026-03-01T00:00:00Z', 0.4),
        point('2026-03-01T01:00:00Z', -0.31),
      ],
      box,
    )!;
    // Not −31 %: the next quarter down.
    expect(geometry.yDomain).toEqual([-0.5, 1]);
    expect(burnDownTicks(geometry.yDomain)).toEqual([1, 0.5, 0, -0.5]);
    const little = burnDownGeometry(
      [point('2026-03-01T00:00:00Z', 0.4), point('2026-03-01T01:00:00Z', -0.1)],
      box,
    )!;
    expect(little.yDomain).toEqual([-0.25, 1]);
    expect(burnDownTicks(little.yDomain)).toEqual([1, 0.5, 0, -0.25]);
    expect(burnDownTicks([0, 1])).toEqual([1, 0.5, 0]);
    expect(burnDownTicks([-1, 1])).toEqual([1, 0.5, 0, -0.5, -1]);
  });

  it('is null without any value, and gives one point a width', () => {
    expect(
      burnDownGeometry([point('2026-03-01T00:00:00Z', null)], box),
    ).toBeNull();
    expect(burnDownGeometry([], box)).toBeNull();
    const single = burnDownGeometry([point('2026-03-01T00:00:00Z', 0.7)], box)!;
    expect(single.path).toBe('M0.0,30.0');
  });
});

describe('dailyPoints and nearestPoint', () => {
  it('keeps the last point of each day and finds the nearest', () => {
    const geometry = burnDownGeometry(
      [
        point('2026-03-01T00:00:00Z', 1),
        point('2026-03-01T23:00:00Z', 0.9),
        point('2026-03-02T12:00:00Z', 0.8),
      ],
      box,
    )!;
    expect(dailyPoints(geometry.points).map(p => p.remaining)).toEqual([
      0.9, 0.8,
    ]);
    expect(nearestPoint(geometry.points, 70)?.remaining).toBe(0.9);
    expect(nearestPoint([], 10)).toBeUndefined();
  });
});
