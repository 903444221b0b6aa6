import type { ReadinessGroupRow } from '@golden-path/plugin-readiness-common';

/** A leaderboard row with its place. */
export type RankedGroup = ReadinessGroupRow & { rank: number };

/** Scores equal to this many decimals share a place (float noise aside). */
function sameScore(a: number, b: number): boolean {
  return Math.abs(a - b) < 1e-9;
}

function share(group: ReadinessGroupRow): number {
  return group.services > 0 ? group.meetingRequired / group.services : 0;
}

/**
 * The leaderboard: best score first; the share of services meeting their
 * required level breaks ties, then the key keeps the order stable. Groups
 * with the same score and share hold the same place and the next place is
 * skipped ("1, 2, 2, 4"), as in sport. A group without a finite score goes
 * last.
 */
export function rankGroups(
  groups: ReadonlyArray<ReadinessGroupRow>,
): RankedGroup[] {
  const score = (g: ReadinessGroupRow) =>
    Number.isFinite(g.score) ? g.score : -1;
  const sorted = [...groups].sort(
    (a, b) =>
      score(b) - score(a) || share(b) - share(a) || a.key.localeCompare(b.key),
  );
  const ranked: RankedGroup[] = [];
  sorted.forEach((group, i) => {
    const previous = ranked[i - 1];
    const tied =
      previous &&
      sameScore(score(previous), score(group)) &&
      sameScore(share(previous), share(group));
    ranked.push({ ...group, rank: tied ? previous.rank : i + 1 });
  });
  return ranked;
}
