/**
 * Objective vectors are compared "lower is better" in every coordinate: callers turn maximized
 * objectives around first (see objectives.ts), so one definition of dominance serves all goals.
 */

/** a dominates b: no worse in every objective and strictly better in at least one. */
export function dominates(a: readonly number[], b: readonly number[]): boolean {
  let strictly = false;
  for (let i = 0; i < a.length; i++) {
    if (a[i]! > b[i]!) return false;
    if (a[i]! < b[i]!) strictly = true;
  }
  return strictly;
}

/**
 * Pareto rank of every point (0 = non-dominated, 1 = non-dominated once rank 0 is removed, ...),
 * by efficient non-dominated sorting with binary search (ENS-BS; Zhang, Tian, Cheng & Jin 2015):
 * points are visited in lexicographic order, so a point can only be dominated by one visited
 * before it, and each joins the first front none of whose members dominates it. Fronts are
 * ordered by domination (a dominator of a front k+1 member is dominated by a front k member), so
 * that first front is found by binary search. With two objectives only a front's last member
 * needs checking (members arrive with rising first and falling second objective), which makes
 * the sort O(n log n); with more, a front is scanned from its last member back. Deb's O(m n^2)
 * sort it replaces took 4.2 s on 10,000 points (docs/measurements/multi-objective.md).
 */
export function paretoRanks(points: readonly (readonly number[])[]): number[] {
  const n = points.length;
  const rank = new Array<number>(n).fill(0);
  if (n === 0) return rank;
  const m = points[0]!.length;
  const order = [...Array(n).keys()].sort((a, b) => lexicographic(points[a]!, points[b]!) || a - b);
  const fronts: number[][] = [];
  const dominatedByFront = (k: number, p: readonly number[]): boolean => {
    const members = fronts[k]!;
    if (m === 2) return dominates(points[members[members.length - 1]!]!, p);
    for (let i = members.length - 1; i >= 0; i--) if (dominates(points[members[i]!]!, p)) return true;
    return false;
  };
  for (const i of order) {
    const p = points[i]!;
    let lo = 0;
    let hi = fronts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (dominatedByFront(mid, p)) lo = mid + 1;
      else hi = mid;
    }
    if (lo === fronts.length) fronts.push([]);
    fronts[lo]!.push(i);
    rank[i] = lo;
  }
  return rank;
}

function lexicographic(a: readonly number[], b: readonly number[]): number {
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return a[k]! - b[k]!;
  return 0;
}

/** Indices of the non-dominated points (rank 0), in input order; equal points are all kept. */
export function paretoFront(points: readonly (readonly number[])[]): number[] {
  const rank = paretoRanks(points);
  return [...rank.keys()].filter((i) => rank[i] === 0);
}
