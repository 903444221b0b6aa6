import fc from 'fast-check';
import { parseDurationShorthand, Duration } from './parseDuration';
import { TimeWindow, windowBounds } from './windowBounds';

function duration(text: string): Duration {
  const parsed = parseDurationShorthand(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

function calendar(
  text: string,
  startTime: string,
  timeZone: string,
): TimeWindow {
  return {
    isRolling: false,
    duration: duration(text),
    calendar: { startTime, timeZone },
  };
}

function bounds(window: TimeWindow, now: string) {
  const result = windowBounds(window, new Date(now));
  if (!result.ok) throw new Error(result.error);
  return {
    start: result.value.start.toISOString(),
    end: result.value.end.toISOString(),
  };
}

describe('windowBounds', () => {
  it('gives a rolling window ending now', () => {
    expect(
      bounds(
        { isRolling: true, duration: duration('28d') },
        '2026-03-29T12:00:00Z',
      ),
    ).toEqual({
      start: '2026-03-01T12:00:00.000Z',
      end: '2026-03-29T12:00:00.000Z',
    });
  });

  it('refuses a rolling window of months', () => {
    const result = windowBounds(
      { isRolling: true, duration: duration('1M') },
      Date.UTC(2026, 0, 1),
    );
    expect(result.ok).toBe(false);
  });

  it('gives March 2026 in Berlin across the spring DST change (CET to CEST)', () => {
    // Starts at 00:00 CET (+01:00), ends at 00:00 CEST (+02:00): 31 days minus an hour.
    expect(
      bounds(
        calendar('1M', '2026-01-01 00:00:00', 'Europe/Berlin'),
        '2026-03-29T03:00:00Z',
      ),
    ).toEqual({
      start: '2026-02-28T23:00:00.000Z',
      end: '2026-03-31T22:00:00.000Z',
    });
  });

  it('gives the DST day itself as 23 hours', () => {
    expect(
      bounds(
        calendar('1d', '2026-01-01 00:00:00', 'Europe/Berlin'),
        '2026-03-29T12:00:00Z',
      ),
    ).toEqual({
      start: '2026-03-28T23:00:00.000Z',
      end: '2026-03-29T22:00:00.000Z',
    });
  });

  it('gives February of a leap year', () => {
    expect(
      bounds(
        calendar('1M', '2024-01-01 00:00:00', 'UTC'),
        '2024-02-29T23:59:59Z',
      ),
    ).toEqual({
      start: '2024-02-01T00:00:00.000Z',
      end: '2024-03-01T00:00:00.000Z',
    });
  });

  it('moves to the next month exactly at the month end', () => {
    expect(
      bounds(
        calendar('1M', '2024-01-01 00:00:00', 'UTC'),
        '2024-03-01T00:00:00Z',
      ),
    ).toEqual({
      start: '2024-03-01T00:00:00.000Z',
      end: '2024-04-01T00:00:00.000Z',
    });
  });

  it('clamps a start on the 31st to shorter months', () => {
    expect(
      bounds(
        calendar('1M', '2026-01-31 00:00:00', 'UTC'),
        '2026-03-15T00:00:00Z',
      ),
    ).toEqual({
      start: '2026-02-28T00:00:00.000Z',
      end: '2026-03-31T00:00:00.000Z',
    });
  });

  it('gives quarters and years in New York time', () => {
    expect(
      bounds(
        calendar('1Q', '2026-01-01 00:00:00', 'America/New_York'),
        '2026-05-10T00:00:00Z',
      ),
    ).toEqual({
      start: '2026-04-01T04:00:00.000Z',
      end: '2026-07-01T04:00:00.000Z',
    });
    expect(
      bounds(
        calendar('1Y', '2020-01-01 00:00:00', 'America/New_York'),
        '2026-05-10T00:00:00Z',
      ),
    ).toEqual({
      start: '2026-01-01T05:00:00.000Z',
      end: '2027-01-01T05:00:00.000Z',
    });
  });

  it('gives weeks from the start day, before and after the start', () => {
    // 2026-01-05 is a Monday.
    expect(
      bounds(
        calendar('1w', '2026-01-05 00:00:00', 'UTC'),
        '2026-01-21T10:00:00Z',
      ),
    ).toEqual({
      start: '2026-01-19T00:00:00.000Z',
      end: '2026-01-26T00:00:00.000Z',
    });
    expect(
      bounds(
        calendar('1w', '2026-01-05 00:00:00', 'UTC'),
        '2026-01-01T10:00:00Z',
      ),
    ).toEqual({
      start: '2025-12-29T00:00:00.000Z',
      end: '2026-01-05T00:00:00.000Z',
    });
  });

  it('moves a start time skipped by DST to after the gap', () => {
    // 02:30 does not exist in Berlin on 2026-03-29; it becomes 03:30 CEST.
    expect(
      bounds(
        calendar('1d', '2026-03-29 02:30:00', 'Europe/Berlin'),
        '2026-03-29T02:00:00Z',
      ),
    ).toEqual({
      start: '2026-03-29T01:30:00.000Z',
      end: '2026-03-30T00:30:00.000Z',
    });
  });

  it('gives the autumn DST day as 25 hours', () => {
    expect(
      bounds(
        calendar('1d', '2026-01-01 00:00:00', 'Europe/Berlin'),
        '2026-10-25T12:00:00Z',
      ),
    ).toEqual({
      start: '2026-10-24T22:00:00.000Z',
      end: '2026-10-25T23:00:00.000Z',
    });
  });

  it('reports an unknown time zone or a bad start time', () => {
    expect(
      windowBounds(calendar('1M', '2026-01-01 00:00:00', 'Mars/Olympus'), 0),
    ).toEqual({ ok: false, error: 'unknown time zone "Mars/Olympus"' });
    expect(windowBounds(calendar('1M', '2026-02-30', 'UTC'), 0).ok).toBe(false);
  });
});

describe('windowBounds properties', () => {
  it('always contains now, and consecutive windows meet', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) }),
        fc.constantFrom('1d', '1w', '1M', '2M', '1Q', '1Y'),
        fc.constantFrom(
          'UTC',
          'Europe/Berlin',
          'America/New_York',
          'Australia/Lord_Howe',
          'Asia/Kolkata',
        ),
        fc.constantFrom(
          '2026-01-31 00:00:00',
          '2024-02-29 02:30:00',
          '2020-01-01',
        ),
        (now, length, zone, start) => {
          const window = calendar(length, start, zone);
          const result = windowBounds(window, now);
          expect(result.ok).toBe(true);
          const { start: from, end: to } = (
            result as { ok: true; value: { start: Date; end: Date } }
          ).value;
          expect(from.getTime()).toBeLessThanOrEqual(now);
          expect(to.getTime()).toBeGreaterThan(now);
          const next = windowBounds(window, to.getTime());
          expect(
            (
              next as { ok: true; value: { start: Date } }
            ).value.start.getTime(),
          ).toBe(to.getTime());
        },
      ),
      { numRuns: 300 },
    );
  });
});
