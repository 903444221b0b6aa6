import { parseDuration, SloSummary } from '@golden-path/plugin-slo-common';

/**
 * A service's burn rate now: the highest of its SLOs over the shortest
 * alert window in which any of them had events. The shortest window (5 m)
 * alone is empty whenever data arrives late or traffic is thin, which left
 * every row without a burn rate; the window is named beside the number.
 */
export function currentBurnRate(
  slos: ReadonlyArray<Pick<SloSummary, 'burnRates'>>,
): { burnRate: number; window: string } | null {
  const byWindow = new Map<string, { ms: number; rates: number[] }>();
  for (const slo of slos) {
    for (const { window, burnRate } of slo.burnRates) {
      const ms = parseDuration(window);
      if (!ms.ok) continue;
      const entry = byWindow.get(window) ?? { ms: ms.value, rates: [] };
      if (burnRate !== null && Number.isFinite(burnRate)) {
        entry.rates.push(burnRate);
      }
      byWindow.set(window, entry);
    }
  }
  const shortest = [...byWindow.entries()]
    .filter(([, entry]) => entry.rates.length > 0)
    .sort((a, b) => a[1].ms - b[1].ms)[0];
  if (!shortest) return null;
  return { burnRate: Math.max(...shortest[1].rates), window: shortest[0] };
}
