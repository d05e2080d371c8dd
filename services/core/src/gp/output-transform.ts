/**
 * Objective values rarely look Gaussian: a diverged run costs 100x a good one, and a valley
 * can sit decades below its walls. The GP models the outputs after a monotone map, chosen
 * here; every map ends by standardizing. Each map also returns sum log |dz/dy|, so that
 * fits on different maps can be compared by the likelihood of the same raw values
 * (gp/fit-warped.ts).
 */

export interface Warped {
  z: Float64Array;
  logJacobian: number;
}

function meanSd(y: ArrayLike<number>): { mean: number; sd: number } {
  const n = y.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += y[i]!;
  mean /= Math.max(1, n);
  let v = 0;
  for (let i = 0; i < n; i++) v += (y[i]! - mean) ** 2;
  return { mean, sd: Math.sqrt(v / Math.max(1, n - 1)) || 1 };
}

function standardizeWarped(g: ArrayLike<number>, logDerivative: number): Warped {
  const { mean, sd } = meanSd(g);
  return { z: Float64Array.from(g, (x) => (x - mean) / sd), logJacobian: logDerivative - g.length * Math.log(sd) };
}

export function standardize(y: ArrayLike<number>): Float64Array {
  return standardizeWarped(y, 0).z;
}

function quantile(sorted: Float64Array, p: number): number {
  const pos = p * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (pos - lo) * (sorted[hi]! - sorted[lo]!);
}

/** A monotone map whose constants were read off the data, and log g'(v). */
export interface MonotoneMap {
  g(v: number): number;
  logDerivative(v: number): number;
}

function warpWith(y: ArrayLike<number>, map: MonotoneMap): Warped {
  let logDerivative = 0;
  const g = Float64Array.from(y, (v) => {
    logDerivative += map.logDerivative(v);
    return map.g(v);
  });
  return standardizeWarped(g, logDerivative);
}

/**
 * Linear for the good part of the range, logarithmic for the bad tail: values more than a
 * couple of spreads above the median are pulled in by log1p. A diverged run (loss 1e6)
 * then cannot flatten the model around the good region, and nothing below the cut changes.
 */
export function robustMap(y: ArrayLike<number>): MonotoneMap {
  const sorted = Float64Array.from(y).sort();
  const med = quantile(sorted, 0.5);
  const spread = quantile(sorted, 0.75) - quantile(sorted, 0.25) || sorted[sorted.length - 1]! - sorted[0]! || 1;
  const cut = med + 2 * spread;
  return {
    g: (v) => (v <= cut ? v : cut + spread * Math.log1p((v - cut) / spread)),
    logDerivative: (v) => (v <= cut ? 0 : -Math.log1p((v - cut) / spread)),
  };
}

/**
 * log(y - best + c), c the distance from the best value to the median: a valley whose values
 * span decades (Dixon-Price, Powell: tens in the valley, 1e5 on the walls) becomes visible,
 * where a linear scale flattens the whole valley to one value. It also magnifies the
 * differences among the best points, which makes the search greedier: on multimodal
 * functions used everywhere it gets stuck in local minima more often, hence `auto`.
 */
export function logMap(y: ArrayLike<number>): MonotoneMap {
  const sorted = Float64Array.from(y).sort();
  const min = sorted[0]!;
  const c = quantile(sorted, 0.5) - min || sorted[sorted.length - 1]! - min || 1;
  return { g: (v) => Math.log(v - min + c), logDerivative: (v) => -Math.log(v - min + c) };
}

export function robustWarped(y: ArrayLike<number>): Warped {
  return warpWith(y, robustMap(y));
}

export function tailCompress(y: ArrayLike<number>): Float64Array {
  return robustWarped(y).z;
}

export function logWarped(y: ArrayLike<number>): Warped {
  return warpWith(y, logMap(y));
}

/** `auto`: the robust map unless the log map explains the values clearly better (gp/fit-warped.ts). */
export type OutputTransform = 'standard' | 'robust' | 'log' | 'auto';
export type FixedTransform = Exclude<OutputTransform, 'auto'>;

export function warpOutputs(y: ArrayLike<number>, kind: FixedTransform): Warped {
  return kind === 'robust' ? robustWarped(y) : kind === 'log' ? logWarped(y) : standardizeWarped(y, 0);
}

export function transformOutputs(y: ArrayLike<number>, kind: FixedTransform): Float64Array {
  return warpOutputs(y, kind).z;
}
