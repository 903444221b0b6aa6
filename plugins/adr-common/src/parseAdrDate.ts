const MONTHS: Record<string, number> = {
  jan: 1,
  january: 1,
  feb: 2,
  february: 2,
  mar: 3,
  march: 3,
  apr: 4,
  april: 4,
  may: 5,
  jun: 6,
  june: 6,
  jul: 7,
  july: 7,
  aug: 8,
  august: 8,
  sep: 9,
  sept: 9,
  september: 9,
  oct: 10,
  october: 10,
  nov: 11,
  november: 11,
  dec: 12,
  december: 12,
};

const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][0-9:.+\-Z ]*)?$/i;
const YEAR_FIRST = /^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const YEAR_LAST = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;
const DAY_MONTH_NAME =
  /^(\d{1,2})(?:st|nd|rd|th)?[ -]([a-z]+)\.?,?[ -](\d{4})$/i;
const MONTH_NAME_DAY = /^([a-z]+)\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})$/i;

/** The outcome of reading a date: an ISO date, or null and why. */
export type AdrDateResult =
  | { date: string; problem?: undefined }
  | { date: null; problem: 'invalid' | 'ambiguous' | 'unrecognised' };

/** Formats y-m-d as ISO when it is a real calendar day. */
export function isoDate(year: number, month: number, day: number) {
  if (year < 1000 || month < 1 || month > 12 || day < 1) return null;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  if (day > days[month - 1]) return null;
  const pad = (n: number) => (n < 10 ? `0${n}` : `${n}`);
  return `${year}-${pad(month)}-${pad(day)}`;
}

function checked(year: number, month: number, day: number): AdrDateResult {
  const date = isoDate(year, month, day);
  return date ? { date } : { date: null, problem: 'invalid' };
}

/**
 * Reads the dates ADRs carry: ISO (`2020-01-16`, with or without a time),
 * `2020/01/16`, `20200116`, `16 Jan 2020`, `January 16, 2020`, and
 * `16/01/2020` or `01/16/2020` when only one reading is a real date.
 */
export function parseAdrDate(raw: string): AdrDateResult {
  const text = raw.trim().replace(/\s+/g, ' ');
  if (text.length > 40) return { date: null, problem: 'unrecognised' };
  let m = ISO.exec(text) ?? YEAR_FIRST.exec(text) ?? COMPACT.exec(text);
  if (m) return checked(+m[1], +m[2], +m[3]);
  m = YEAR_LAST.exec(text);
  if (m) {
    const a = +m[1];
    const b = +m[2];
    const year = +m[3];
    const dayFirst = isoDate(year, b, a);
    const monthFirst = isoDate(year, a, b);
    if (dayFirst && monthFirst && dayFirst !== monthFirst) {
      return { date: null, problem: 'ambiguous' };
    }
    const date = dayFirst ?? monthFirst;
    return date ? { date } : { date: null, problem: 'invalid' };
  }
  m = DAY_MONTH_NAME.exec(text);
  if (m && MONTHS[m[2].toLowerCase()]) {
    return checked(+m[3], MONTHS[m[2].toLowerCase()], +m[1]);
  }
  m = MONTH_NAME_DAY.exec(text);
  if (m && MONTHS[m[1].toLowerCase()]) {
    return checked(+m[3], MONTHS[m[1].toLowerCase()], +m[2]);
  }
  return { date: null, problem: 'unrecognised' };
}
