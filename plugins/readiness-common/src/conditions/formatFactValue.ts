import type { ConditionValue } from '../model';

const MAX_TEXT = 80;
const MAX_ITEMS = 5;

function quote(text: string): string {
  const cut = text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text;
  return JSON.stringify(cut);
}

/**
 * A fact (or condition) value as a person reads it in a check's explanation: `true`, `3`,
 * `"production"`, `["go", "typescript"]`, `no value` for null. Long text
 * and long lists are cut so one value cannot flood a message.
 * @public
 */
export function formatFactValue(value: ConditionValue | undefined): string {
  if (value === null || value === undefined) return 'no value';
  if (typeof value === 'string') return quote(value);
  if (Array.isArray(value)) {
    const shown = value
      .slice(0, MAX_ITEMS)
      .map(item => (typeof item === 'string' ? quote(item) : String(item)));
    const more =
      value.length > MAX_ITEMS ? `, … (${value.length - MAX_ITEMS} more)` : '';
    return `[${shown.join(', ')}${more}]`;
  }
  return String(value);
}
