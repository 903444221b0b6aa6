const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function ago(count: number, unit: string): string {
  return `${count} ${unit} ago`;
}

/**
 * How long ago an ISO time was, in words: "just now", "3 min ago",
 * "5 h ago", "1 day ago", "12 days ago"; a time in the future (clock skew)
 * is "just now" within a minute, else "in 5 min". "never" for null and
 * "unknown" for a string that is not a time. `now` is passed in so the
 * result does not depend on when it is called.
 */
export function formatAge(iso: string | null, now: number): string {
  if (iso === null) return 'never';
  const time = Date.parse(iso);
  if (!Number.isFinite(time)) return 'unknown';
  const diff = now - time;
  if (Math.abs(diff) < MINUTE) return 'just now';
  if (diff < 0) {
    const minutes = Math.round(-diff / MINUTE);
    return minutes < 60
      ? `in ${minutes} min`
      : `in ${Math.round(-diff / HOUR)} h`;
  }
  if (diff < HOUR) return ago(Math.floor(diff / MINUTE), 'min');
  if (diff < DAY) return ago(Math.floor(diff / HOUR), 'h');
  const days = Math.floor(diff / DAY);
  return ago(days, days === 1 ? 'day' : 'days');
}

/** "2026-03-30" (UTC) of an ISO time; the input when it is not a time. */
export function formatDay(iso: string): string {
  const time = Date.parse(iso);
  return Number.isFinite(time)
    ? new Date(time).toISOString().slice(0, 10)
    : iso;
}
