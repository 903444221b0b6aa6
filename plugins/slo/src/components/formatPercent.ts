/** Shown wherever a number is missing, so the UI never prints NaN. */
export const NO_VALUE = '—';

function isNumber(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Drops float noise (0.9995 * 100 = 99.94999…) before rounding. */
function clean(value: number): number {
  return Number(value.toPrecision(12));
}

function trimZeros(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

/**
 * A fraction as a percentage with enough decimals to tell the nines apart:
 * 0.9999 -> "99.99 %", 0.99953 -> "99.953 %", 0.985 -> "98.5 %". Near 100 %
 * it rounds down, so 0.999999 shows "99.9999 %" and never a promise met
 * ("100 %") that was not. null, NaN and infinities show "—".
 */
export function formatPercent(fraction: number | null | undefined): string {
  if (!isNumber(fraction)) return NO_VALUE;
  const percent = clean(fraction * 100);
  if (percent >= 99 && percent < 100) {
    // One digit past the first that differs from 9, at most four decimals.
    const gap = 100 - percent;
    const decimals = Math.min(4, Math.max(2, Math.ceil(-Math.log10(gap)) + 1));
    const factor = 10 ** decimals;
    const down = Math.floor(clean(percent * factor)) / factor;
    return `${trimZeros(down.toFixed(decimals))} %`;
  }
  return `${trimZeros(percent.toFixed(2))} %`;
}

/**
 * The remaining error budget: "62.5 %" of the budget left, "0 %" when spent,
 * "−35 %" when overspent; one decimal is enough at this scale.
 */
export function formatBudget(fraction: number | null | undefined): string {
  if (!isNumber(fraction)) return NO_VALUE;
  const percent = clean(fraction * 100);
  const text = trimZeros(Math.abs(percent).toFixed(1));
  if (text === '0') return '0 %';
  return percent < 0 ? `−${text} %` : `${text} %`;
}

/** A burn rate as a multiple of the sustainable rate: "2.3×", "14.4×", "120×". */
export function formatBurnRate(rate: number | null | undefined): string {
  if (!isNumber(rate)) return NO_VALUE;
  if (Math.abs(rate) >= 100) return `${Math.round(rate)}×`;
  return `${clean(rate).toFixed(1)}×`;
}

/** A latency threshold: "100 ms", "1 s", "2.5 s". */
export function formatLatency(ms: number | null | undefined): string {
  if (!isNumber(ms)) return NO_VALUE;
  return ms >= 1000 ? `${clean(ms / 1000)} s` : `${clean(ms)} ms`;
}
