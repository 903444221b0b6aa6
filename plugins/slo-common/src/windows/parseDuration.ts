import { describeValue, truncate } from '../describeValue';

/**
 * The units of an OpenSLO duration shorthand: minutes, hours, days, weeks,
 * months, quarters, years (case-sensitive: `m` is minutes, `M` months).
 * @public
 */
export type DurationUnit = 'm' | 'h' | 'd' | 'w' | 'M' | 'Q' | 'Y';

/**
 * An OpenSLO duration shorthand such as `28d` or `1M`, read.
 * @public
 */
export type Duration = {
  /** A positive whole number. */
  amount: number;
  unit: DurationUnit;
  /** The shorthand as written, e.g. `28d`. */
  text: string;
};

/**
 * A value or the reason there is none; returned instead of throwing.
 * @public
 */
export type Result<T> = { ok: true; value: T } | { ok: false; error: string };

const MINUTE = 60_000;
const FIXED_UNIT_MS: Partial<Record<DurationUnit, number>> = {
  m: MINUTE,
  h: 60 * MINUTE,
  d: 24 * 60 * MINUTE,
  w: 7 * 24 * 60 * MINUTE,
};

// Ten years of minutes is far beyond any SLO window; the cap keeps the
// millisecond arithmetic exact and rejects typos such as `99999999d`.
const MAX_AMOUNT = 5_256_000;

/**
 * Reads an OpenSLO duration shorthand: a positive integer followed by one of
 * `m h d w M Q Y` (e.g. `5m`, `28d`, `1M`, `1Q`).
 * @public
 */
export function parseDurationShorthand(text: unknown): Result<Duration> {
  if (typeof text !== 'string') {
    return {
      ok: false,
      error: `must be a duration such as "28d" or "1h", got ${describeValue(
        text,
      )}`,
    };
  }
  const match = /^([1-9][0-9]{0,6})([mhdwMQY])$/.exec(text);
  if (!match) {
    return {
      ok: false,
      error: `must be a duration: a positive whole number followed by one of m (minutes), h, d, w, M (months), Q, Y, e.g. "28d"; got "${truncate(
        text,
      )}"`,
    };
  }
  const amount = Number(match[1]);
  if (amount > MAX_AMOUNT) {
    return { ok: false, error: `is too long: ${text}` };
  }
  return { ok: true, value: { amount, unit: match[2] as DurationUnit, text } };
}

/**
 * The length in milliseconds of a fixed-length duration (`m`, `h`, `d`, `w`),
 * e.g. `parseDuration('28d')`. Months, quarters and years have no fixed
 * length and give an error: use them only in calendar windows.
 * @public
 */
export function parseDuration(text: unknown): Result<number> {
  const parsed = parseDurationShorthand(text);
  if (!parsed.ok) return parsed;
  const ms = durationMilliseconds(parsed.value);
  if (ms === null) {
    return {
      ok: false,
      error: `"${parsed.value.text}" has no fixed length (months, quarters and years vary); use days or weeks, e.g. "30d", or a calendar window`,
    };
  }
  return { ok: true, value: ms };
}

/**
 * The length in milliseconds of a read duration, or null for months,
 * quarters and years.
 * @public
 */
export function durationMilliseconds(duration: Duration): number | null {
  const unit = FIXED_UNIT_MS[duration.unit];
  return unit === undefined ? null : duration.amount * unit;
}
