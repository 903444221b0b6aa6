/**
 * "10 Jan 2025" for a version's date (`2025-01-10` or a timestamp), read
 * in UTC so a date-only value never shows as the day before; the value as
 * it came when it is not a date.
 */
export function formatVersionDate(date: string): string {
  const parsed = new Date(date);
  if (Number.isNaN(parsed.getTime())) return date;
  return parsed.toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
}
