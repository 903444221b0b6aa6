import type { Condition } from '../model';

/**
 * The ids of every fact a condition reads, sorted and unique.
 * @public
 */
export function conditionFacts(condition: Condition): string[] {
  const facts = new Set<string>();
  // A stack, not recursion: hand-built conditions are not depth-limited
  // (and may even be cyclic).
  const pending: unknown[] = [condition];
  const seen = new Set<object>();
  while (pending.length > 0) {
    const node = pending.pop();
    if (typeof node !== 'object' || node === null || seen.has(node)) continue;
    seen.add(node);
    if ('all' in node && Array.isArray(node.all)) pending.push(...node.all);
    else if ('any' in node && Array.isArray(node.any))
      pending.push(...node.any);
    else if ('not' in node) pending.push(node.not);
    else if ('fact' in node && typeof node.fact === 'string') {
      facts.add(node.fact);
    }
  }
  return [...facts].sort();
}
