import type { Rng } from '../../rng.js';

/**
 * ParEGO's scalarization (Knowles 2006): objectives rescaled to [0, 1] by their observed range,
 * then the augmented Chebyshev function max_i w_i f_i + rho * sum_i w_i f_i for a weight vector
 * w on the simplex. Every Pareto-optimal point minimizes it for some w (the weighted sum alone
 * misses concave parts of a front), and the small linear term breaks ties between weakly
 * dominated points.
 */
export const CHEBYSHEV_RHO = 0.05;

/** A weight vector drawn uniformly from the simplex (normalized exponentials). */
export function simplexWeights(m: number, rng: Rng): number[] {
  const e = Array.from({ length: m }, () => -Math.log(1 - rng.float()));
  const total = e.reduce((s, v) => s + v, 0);
  return e.map((v) => v / total);
}

/** Per-objective [min, max] of the rows (a zero range is widened to 1 so it divides safely). */
export function objectiveRanges(ys: readonly (readonly number[])[]): { lo: number[]; span: number[] } {
  const m = ys[0]?.length ?? 0;
  const lo = new Array<number>(m).fill(Infinity);
  const hi = new Array<number>(m).fill(-Infinity);
  for (const y of ys) {
    for (let i = 0; i < m; i++) {
      lo[i] = Math.min(lo[i]!, y[i]!);
      hi[i] = Math.max(hi[i]!, y[i]!);
    }
  }
  return { lo, span: lo.map((l, i) => (hi[i]! > l ? hi[i]! - l : 1)) };
}

export function chebyshev(y: readonly number[], weights: readonly number[], range: { lo: number[]; span: number[] }): number {
  let max = -Infinity;
  let sum = 0;
  for (let i = 0; i < y.length; i++) {
    const v = (weights[i]! * (y[i]! - range.lo[i]!)) / range.span[i]!;
    max = Math.max(max, v);
    sum += v;
  }
  return max + CHEBYSHEV_RHO * sum;
}
