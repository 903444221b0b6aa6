/**
 * Wall-clock time in an IANA time zone, with Intl only (no time zone
 * library). A wall time is held as "pseudo-UTC" milliseconds: the instant at
 * which a UTC clock would show the same fields, which makes calendar
 * arithmetic on it free of DST.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    // Throws RangeError for an unknown zone; isValidTimeZone catches it.
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** True when the runtime's Intl knows the IANA zone name. */
export function isValidTimeZone(timeZone: string): boolean {
  if (timeZone.length === 0 || timeZone.length > 64) return false;
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall time (as pseudo-UTC milliseconds) of `instant` in `timeZone`. */
export function toWallTime(instant: number, timeZone: string): number {
  const fields: Record<string, number> = {};
  let bce = false;
  for (const part of formatterFor(timeZone).formatToParts(new Date(instant))) {
    if (part.type === 'era') bce = part.value.startsWith('B');
    else if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const year = bce ? 1 - fields.year : fields.year;
  const wall = new Date(0);
  wall.setUTCFullYear(year, fields.month - 1, fields.day);
  wall.setUTCHours(fields.hour, fields.minute, fields.second, 0);
  // formatToParts drops milliseconds; put them back.
  return wall.getTime() + (((instant % 1000) + 1000) % 1000);
}

/** The zone's offset from UTC at `instant`, in milliseconds. */
function offsetAt(instant: number, timeZone: string): number {
  return toWallTime(instant, timeZone) - instant;
}

/**
 * The instant at which `timeZone` shows the wall time `wall`.
 *
 * DST: a wall time skipped by a spring-forward gap (02:30 on the day clocks
 * jump from 02:00 to 03:00) is read with the offset from before the gap, so
 * it lands after it (03:30), and a wall time that occurs twice in an
 * autumn overlap gives the first (earlier) occurrence: the same choice as
 * `Temporal`'s default `disambiguation: 'compatible'`.
 */
export function fromWallTime(wall: number, timeZone: string): number {
  const before = offsetAt(wall - 86_400_000, timeZone);
  const after = offsetAt(wall + 86_400_000, timeZone);
  const withBefore = wall - before;
  const withAfter = wall - after;
  const validBefore = toWallTime(withBefore, timeZone) === wall;
  const validAfter = toWallTime(withAfter, timeZone) === wall;
  if (validBefore && validAfter) return Math.min(withBefore, withAfter);
  if (validBefore) return withBefore;
  if (validAfter) return withAfter;
  // In a gap: neither offset shows this wall time. Shift by the earlier
  // offset, which moves the time forward past the gap.
  return withBefore;
}
