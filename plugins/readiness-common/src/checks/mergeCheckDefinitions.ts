import type { ReadinessCheck } from '../model';

/**
 * The checks in force: `base` (the shipped checks) with each check of
 * `overrides` (app-config) replacing the base check of the same id in
 * place or, when new, added after them in their order; then every id in
 * `disabled` removed. When `overrides` repeats an id, the last one wins.
 * @public
 */
export function mergeCheckDefinitions(
  base: ReadinessCheck[],
  overrides: ReadinessCheck[],
  disabled: string[],
): ReadinessCheck[] {
  const overrideById = new Map<string, ReadinessCheck>();
  for (const check of overrides) overrideById.set(check.id, check);
  const off = new Set(disabled);
  const merged: ReadinessCheck[] = [];
  const seen = new Set<string>();
  for (const check of [...base, ...overrides]) {
    if (seen.has(check.id)) continue;
    seen.add(check.id);
    if (off.has(check.id)) continue;
    merged.push(overrideById.get(check.id) ?? check);
  }
  return merged;
}
