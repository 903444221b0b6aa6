/**
 * A short, safe description of a user-supplied value for error messages:
 * strings are quoted and cut, objects and lists are named, not dumped.
 */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `"${truncate(value)}"`;
  return String(value);
}

/** Long user text is cut in messages so one bad value cannot flood a log. */
export function truncate(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
