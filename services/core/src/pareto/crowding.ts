import { paretoRanks } from './dominance.js';

/**
 * NSGA-II's crowding distance of each point within `members` (indices into points, usually one
 * Pareto front): per objective, the gap between its two neighbours divided by that objective's
 * range, summed. The extremes of each objective get Infinity, so they are always kept. The
 * result is indexed like `members`.
 */
export function crowdingDistance(points: readonly (readonly number[])[], members: readonly number[]): number[] {
  const k = members.length;
  const dist = new Array<number>(k).fill(0);
  if (k === 0) return dist;
  const m = points[members[0]!]!.length;
  for (let o = 0; o < m; o++) {
    const order = [...Array(k).keys()].sort((a, b) => points[members[a]!]![o]! - points[members[b]!]![o]!);
    const lo = points[members[order[0]!]!]![o]!;
    const hi = points[members[order[k - 1]!]!]![o]!;
    dist[order[0]!] = Infinity;
    dist[order[k - 1]!] = Infinity;
    if (hi === lo) continue;
    for (let r = 1; r < k - 1; r++) {
      const gap = points[members[order[r + 1]!]!]![o]! - points[members[order[r - 1]!]!]![o]!;
      dist[order[r]!] = dist[order[r]!]! + gap / (hi - lo);
    }
  }
  return dist;
}

/**
 * All indices ordered by Pareto rank, then by crowding distance within the rank (widest spread
 * first), then by index: the leaderboard's order for a multi-objective sweep and NSGA-II's
 * survival order. `rank` is `paretoRanks(points)`, given when the caller has it already.
 */
export function paretoOrder(points: readonly (readonly number[])[], rank: readonly number[] = paretoRanks(points)): number[] {
  const crowd = new Array<number>(points.length).fill(0);
  const byRank = new Map<number, number[]>();
  rank.forEach((r, i) => {
    const members = byRank.get(r);
    if (members) members.push(i);
    else byRank.set(r, [i]);
  });
  for (const members of byRank.values()) {
    crowdingDistance(points, members).forEach((d, j) => (crowd[members[j]!] = d));
  }
  return [...points.keys()].sort((a, b) => rank[a]! - rank[b]! || crowdDesc(crowd[a]!, crowd[b]!) || a - b);
}

function crowdDesc(a: number, b: number): number {
  if (a === b) return 0;
  return a > b ? -1 : 1;
}
