import { Duration, durationMilliseconds, Result } from './parseDuration';
import { fromWallTime, isValidTimeZone, toWallTime } from './zonedTime';

/**
 * A window that ends now and is `duration` long (OpenSLO `isRolling: true`).
 * @public
 */
export type RollingTimeWindow = {
  isRolling: true;
  duration: Duration;
};

/**
 * A window aligned to the calendar: consecutive periods of `duration`
 * starting at `calendar.startTime` (wall time, no offset) in the IANA zone
 * `calendar.timeZone` (OpenSLO `isRolling: false`).
 * @public
 */
export type CalendarTimeWindow = {
  isRolling: false;
  duration: Duration;
  calendar: { startTime: string; timeZone: string };
};

/**
 * An OpenSLO time window.
 * @public
 */
export type TimeWindow = RollingTimeWindow | CalendarTimeWindow;

/**
 * The instants a window covers: `start` inclusive, `end` exclusive.
 * @public
 */
export type WindowBounds = { start: Date; end: Date };

const DAY = 86_400_000;
const MONTHS_PER_UNIT: Partial<Record<Duration['unit'], number>> = {
  M: 1,
  Q: 3,
  Y: 12,
};

/**
 * Reads an OpenSLO calendar `startTime` (`2026-01-01 00:00:00`, also with a
 * `T`, without seconds, or a bare date) into wall-clock pseudo-UTC
 * milliseconds.
 */
export function parseCalendarStartTime(text: unknown): Result<number> {
  const match =
    typeof text === 'string'
      ? /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(
          text,
        )
      : null;
  if (!match) {
    return {
      ok: false,
      error:
        'must be a date and time without a time zone, e.g. "2026-01-01 00:00:00"',
    };
  }
  const [year, month, day, hour, minute, second] = match
    .slice(1)
    .map(part => (part === undefined ? 0 : Number(part)));
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(wall);
  if (
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    return { ok: false, error: `is not a real date and time: "${text}"` };
  }
  return { ok: true, value: wall };
}

/** `wall` moved by whole months; the day is clamped to the month's end. */
function addMonths(wall: number, months: number): number {
  const date = new Date(wall);
  const monthIndex = date.getUTCFullYear() * 12 + date.getUTCMonth() + months;
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const moved = new Date(wall);
  moved.setUTCFullYear(year, month, Math.min(date.getUTCDate(), lastDay));
  return moved.getTime();
}

/**
 * The bounds of the period of `window` that contains `now`.
 *
 * Rolling: `[now - duration, now)`. Calendar: periods are counted from
 * `startTime` in wall-clock time of the zone, so a calendar day is 23 or 25
 * hours long across a DST change and a month is a calendar month (a start on
 * the 31st is clamped to shorter months' last day). Wall times that DST
 * skips or repeats are resolved as `Temporal` does by default (see
 * `fromWallTime`). `now` may be before `startTime`: the periods extend
 * backwards too. Pure: `now` is passed in.
 * @public
 */
export function windowBounds(
  window: TimeWindow,
  now: Date | number,
): Result<WindowBounds> {
  const nowMs = typeof now === 'number' ? now : now.getTime();
  if (!Number.isFinite(nowMs)) {
    return { ok: false, error: 'now is not a valid time' };
  }
  const fixed = durationMilliseconds(window.duration);
  if (window.isRolling) {
    if (fixed === null) {
      return {
        ok: false,
        error: `a rolling window needs a fixed length, got "${window.duration.text}"; use days or weeks, or a calendar window`,
      };
    }
    return {
      ok: true,
      value: { start: new Date(nowMs - fixed), end: new Date(nowMs) },
    };
  }

  const { startTime, timeZone } = window.calendar;
  if (!isValidTimeZone(timeZone)) {
    return { ok: false, error: `unknown time zone "${timeZone}"` };
  }
  const origin = parseCalendarStartTime(startTime);
  if (!origin.ok) return { ok: false, error: `startTime ${origin.error}` };
  const nowWall = toWallTime(nowMs, timeZone);

  let startWall: number;
  let endWall: number;
  const monthsPerUnit = MONTHS_PER_UNIT[window.duration.unit];
  if (monthsPerUnit !== undefined) {
    const step = window.duration.amount * monthsPerUnit;
    const from = new Date(origin.value);
    const to = new Date(nowWall);
    const monthsApart =
      (to.getUTCFullYear() - from.getUTCFullYear()) * 12 +
      (to.getUTCMonth() - from.getUTCMonth());
    let k = Math.floor(monthsApart / step);
    // The day-of-month and time decide whether `now` has reached the k-th
    // period's start; at most one step either way.
    if (addMonths(origin.value, k * step) > nowWall) k--;
    else if (addMonths(origin.value, (k + 1) * step) <= nowWall) k++;
    startWall = addMonths(origin.value, k * step);
    endWall = addMonths(origin.value, (k + 1) * step);
  } else {
    // Fixed units count wall-clock time, so "1d" stays midnight to midnight.
    const step = fixed ?? DAY;
    const k = Math.floor((nowWall - origin.value) / step);
    startWall = origin.value + k * step;
    endWall = startWall + step;
  }
  return {
    ok: true,
    value: {
      start: new Date(fromWallTime(startWall, timeZone)),
      end: new Date(fromWallTime(endWall, timeZone)),
    },
  };
}
