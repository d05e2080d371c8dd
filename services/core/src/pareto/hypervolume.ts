import { CoreError } from '../errors.js';

/**
 * Hypervolume (minimization) of the region dominated by `points` and bounded by `ref`: the
 * Lebesgue measure of the union of the boxes [p, ref]. Points not strictly better than ref in
 * every objective add nothing. Exact in any dimension: a sweep in 2-D (O(n log n)), slicing
 * along the last objective above that (HSO: O(n^(m-1) log n), fine for the 3 or 4 objectives
 * and hundreds of points a sweep has).
 */
export function hypervolume(points: readonly (readonly number[])[], ref: readonly number[]): number {
  const m = ref.length;
  if (m === 0) throw new CoreError('EVENT_INVALID', 'hypervolume needs at least one objective');
  const inside: number[][] = [];
  for (const p of points) {
    if (p.length !== m) throw new CoreError('EVENT_INVALID', `a point has ${p.length} objectives, the reference point ${m}`);
    if (p.every((v, i) => v < ref[i]!)) inside.push([...p]);
  }
  return volume(inside, ref, m);
}

function volume(points: number[][], ref: readonly number[], m: number): number {
  if (points.length === 0) return 0;
  if (m === 1) return ref[0]! - Math.min(...points.map((p) => p[0]!));
  if (m === 2) return sweep2d(points, ref);
  // Slices between consecutive values of the last objective: in each, the points already
  // reached form an (m-1)-dimensional problem. Only their non-dominated ones matter there,
  // kept incrementally so the recursion stays small.
  const sorted = [...points].sort((a, b) => a[m - 1]! - b[m - 1]!);
  let total = 0;
  let active: number[][] = [];
  for (let i = 0; i < sorted.length; i++) {
    active = withPoint(active, sorted[i]!, m - 1);
    const top = i + 1 < sorted.length ? sorted[i + 1]![m - 1]! : ref[m - 1]!;
    const height = top - sorted[i]![m - 1]!;
    if (height > 0) total += height * volume(active, ref, m - 1);
  }
  return total;
}

function sweep2d(points: number[][], ref: readonly number[]): number {
  const sorted = [...points].sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
  let hv = 0;
  let floor = ref[1]!;
  for (const p of sorted) {
    if (p[1]! < floor) {
      hv += (ref[0]! - p[0]!) * (floor - p[1]!);
      floor = p[1]!;
    }
  }
  return hv;
}

/** The set of mutually non-dominated points (first m coordinates) after adding p. */
function withPoint(set: number[][], p: number[], m: number): number[][] {
  const weaklyBelow = (a: number[], b: number[]): boolean => {
    for (let o = 0; o < m; o++) if (a[o]! > b[o]!) return false;
    return true;
  };
  if (set.some((q) => weaklyBelow(q, p))) return set;
  return [...set.filter((q) => !weaklyBelow(p, q)), p];
}

/** Hypervolume contribution of each point: the volume lost if it alone were removed. */
export function hypervolumeContributions(points: readonly (readonly number[])[], ref: readonly number[]): number[] {
  const all = hypervolume(points, ref);
  return points.map((_, i) => all - hypervolume(points.filter((__, j) => j !== i), ref));
}
