import { normalQuantile } from '../space/normal-cdf.js';

/**
 * Objective values rarely look Gaussian: a diverged run costs 100x a good one, and losses
 * pile up near a floor. A GP fitted to raw values spends its flexibility on the outliers, so
 * the values are reshaped before modelling. Ranks carry the information that matters for
 * finding the minimum; a rank-Gaussian (copula) transform keeps only that, and blending it
 * with a robustly scaled log/linear view keeps some sense of how much better the best points
 * are.
 */

function ranks(y: ArrayLike<number>): Float64Array {
  const n = y.length;
  const idx = [...Array(n).keys()].sort((a, b) => y[a]! - y[b]!);
  const r = new Float64Array(n);
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && y[idx[j + 1]!] === y[idx[i]!]) j++;
    // Ties share their average rank.
    for (let k = i; k <= j; k++) r[idx[k]!] = (i + j) / 2;
    i = j + 1;
  }
  return r;
}

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

/** Normal scores of the ranks. */
export function copula(y: ArrayLike<number>): Float64Array {
  const n = y.length;
  const r = ranks(y);
  return standardize(Float64Array.from(r, (ri) => normalQuantile((ri + 0.5) / n)));
}

function quantile(sorted: Float64Array, p: number): number {
  const pos = p * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (pos - lo) * (sorted[hi]! - sorted[lo]!);
}

/**
 * Shift so the best value sits just above 0 and take logs: for minimization the interesting
 * structure is near the best values, which a log spreads out while compressing the bad tail.
 */
export function logShift(y: ArrayLike<number>): Float64Array {
  const sorted = Float64Array.from(y).sort();
  const min = sorted[0] ?? 0;
  const spread = quantile(sorted, 0.75) - quantile(sorted, 0.25) || (sorted[sorted.length - 1]! - min) || 1;
  const eps = 0.01 * spread;
  return standardize(Float64Array.from(y, (v) => Math.log(v - min + eps)));
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

export type OutputTransform = 'standard' | 'copula' | 'log' | 'blend' | 'robust';

export function transformOutputs(y: ArrayLike<number>, kind: OutputTransform): Float64Array {
  switch (kind) {
    case 'standard':
      return standardize(y);
    case 'copula':
      return copula(y);
    case 'log':
      return logShift(y);
    case 'robust':
      return tailCompress(y);
    case 'blend': {
      const a = copula(y);
      const b = logShift(y);
      return standardize(Float64Array.from(a, (v, i) => 0.5 * v + 0.5 * b[i]!));
    }
  }
}
