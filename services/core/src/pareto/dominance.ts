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
 * by Deb et al.'s fast non-dominated sort: O(m n^2) comparisons, each pair once.
 */
export function paretoRanks(points: readonly (readonly number[])[]): number[] {
  const n = points.length;
  const dominatedBy = new Array<number>(n).fill(0);
  const beats: number[][] = points.map(() => []);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (dominates(points[i]!, points[j]!)) {
        beats[i]!.push(j);
        dominatedBy[j]!++;
      } else if (dominates(points[j]!, points[i]!)) {
        beats[j]!.push(i);
        dominatedBy[i]!++;
      }
    }
  }
  const rank = new Array<number>(n).fill(0);
  let front = [...Array(n).keys()].filter((i) => dominatedBy[i] === 0);
  for (let r = 0; front.length > 0; r++) {
    const next: number[] = [];
    for (const i of front) {
      rank[i] = r;
      for (const j of beats[i]!) if (--dominatedBy[j]! === 0) next.push(j);
    }
    front = next;
  }
  return rank;
}

/** Indices of the non-dominated points (rank 0), in input order; equal points are all kept. */
export function paretoFront(points: readonly (readonly number[])[]): number[] {
  const rank = paretoRanks(points);
  return [...rank.keys()].filter((i) => rank[i] === 0);
}
