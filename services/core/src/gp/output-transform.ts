/**
 * Objective values rarely look Gaussian: a diverged run costs 100x a good one. A GP fitted to
 * raw values spends its flexibility on such outliers, so the bad tail is compressed before
 * standardizing. (Rank-Gaussian and log transforms were tried and did worse across the
 * benchmark functions: they distort the good region, where the model matters most.)
 */

export function standardize(y: ArrayLike<number>): Float64Array {
  const n = y.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += y[i]!;
  mean /= Math.max(1, n);
  let v = 0;
  for (let i = 0; i < n; i++) v += (y[i]! - mean) ** 2;
  const sd = Math.sqrt(v / Math.max(1, n - 1)) || 1;
  return Float64Array.from(y, (x) => (x - mean) / sd);
}

function quantile(sorted: Float64Array, p: number): number {
  const pos = p * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (pos - lo) * (sorted[hi]! - sorted[lo]!);
}

/**
 * Linear for the good part of the range, logarithmic for the bad tail: values more than a
 * couple of spreads above the median are pulled in by log1p. A diverged run (loss 1e6)
 * then cannot flatten the model around the good region, and nothing below the cut changes.
 */
export function tailCompress(y: ArrayLike<number>): Float64Array {
  const sorted = Float64Array.from(y).sort();
  const med = quantile(sorted, 0.5);
  const spread = quantile(sorted, 0.75) - quantile(sorted, 0.25) || (sorted[sorted.length - 1]! - sorted[0]!) || 1;
  const cut = med + 2 * spread;
  return standardize(Float64Array.from(y, (v) => (v <= cut ? v : cut + spread * Math.log1p((v - cut) / spread))));
}

export type OutputTransform = 'standard' | 'robust';

export function transformOutputs(y: ArrayLike<number>, kind: OutputTransform): Float64Array {
  return kind === 'robust' ? tailCompress(y) : standardize(y);
}
