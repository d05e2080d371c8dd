import type { Rng } from '../../rng.js';
import { normalCdf } from '../../space/normal-cdf.js';
import type { FeatureSpace } from '../features.js';

/**
 * A multivariate Parzen estimator over the feature space: one product kernel per observation
 * (truncated Gaussians on [0, 1] for real and ordinal features, an Aitchison-Aitken kernel for
 * categorical ones) plus a uniform prior component. Sampling picks a component, then each
 * feature from it, so correlations between features in good configurations are kept
 * (multivariate TPE, Falkner et al. 2018).
 */
export interface Parzen {
  fs: FeatureSpace;
  centres: Float64Array[];
  /** Per-component, per-feature bandwidths. */
  sigma: Float64Array[];
  /** Probability a categorical component keeps its own choice. */
  keep: Float64Array;
  /** Component weights; the last one belongs to the prior. */
  weights: Float64Array;
}

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * Bandwidths per component and feature from the gaps to its neighbours along that feature
 * (the prior's centre 0.5 counts as a neighbour): dense clusters get narrow kernels, isolated
 * points wide ones. Clipped below by 1/min(100, n+1), so kernels never collapse, and by the
 * width of a level for discrete features.
 */
export function buildParzen(fs: FeatureSpace, centres: Float64Array[], priorWeight: number): Parzen {
  const d = fs.dims.length;
  const n = centres.length;
  const sigma = centres.map(() => new Float64Array(d));
  const keep = new Float64Array(d);
  const minSigma = 1 / Math.min(100, n + 1);
  for (let j = 0; j < d; j++) {
    const f = fs.dims[j]!;
    if (f.kind === 'cat') {
      // Concentrates on a centre's own choice as evidence accumulates, but never fully.
      keep[j] = Math.min(0.9, Math.max(1 / f.levels, 1 - (f.levels - 1) / (f.levels - 1 + n)));
      continue;
    }
    const order = [...Array(n).keys()].sort((a, b) => centres[a]![j]! - centres[b]![j]!);
    const floor = Math.max(minSigma, f.levels > 0 ? 0.5 / f.levels : 0);
    for (let r = 0; r < n; r++) {
      const x = centres[order[r]!]![j]!;
      const left = r > 0 ? centres[order[r - 1]!]![j]! : Math.min(0, x);
      const right = r < n - 1 ? centres[order[r + 1]!]![j]! : Math.max(1, x);
      const gap = Math.max(x - left, right - x, Math.abs(x - 0.5) < 1e-12 ? 0 : 0);
      sigma[order[r]!]![j] = Math.min(1, Math.max(floor, gap));
    }
  }
  const weights = new Float64Array(n + 1).fill(1);
  weights[n] = priorWeight;
  let total = 0;
  for (const w of weights) total += w;
  for (let i = 0; i <= n; i++) weights[i] = weights[i]! / total;
  return { fs, centres, sigma, keep, weights };
}

function truncatedNormal(rng: Rng, mu: number, sigma: number): number {
  for (let tries = 0; tries < 64; tries++) {
    const x = mu + sigma * rng.normal();
    if (x >= 0 && x <= 1) return x;
  }
  return Math.min(1, Math.max(0, mu));
}

export function sampleParzen(p: Parzen, rng: Rng): Float64Array {
  const d = p.fs.dims.length;
  const k = rng.weighted(Array.from(p.weights));
  const x = new Float64Array(d);
  const centre = p.centres[k];
  for (let j = 0; j < d; j++) {
    const f = p.fs.dims[j]!;
    if (!centre) {
      x[j] = f.kind === 'cat' ? rng.int(0, f.levels - 1) : rng.float();
    } else if (f.kind === 'cat') {
      x[j] = rng.float() < p.keep[j]! ? centre[j]! : rng.int(0, f.levels - 1);
    } else {
      x[j] = truncatedNormal(rng, centre[j]!, p.sigma[k]![j]!);
    }
  }
  return x;
}

/** log density at x (log-sum-exp over components). */
export function logDensity(p: Parzen, x: Float64Array): number {
  const d = p.fs.dims.length;
  const n = p.centres.length;
  const logs = new Float64Array(n + 1);
  let max = -Infinity;
  for (let i = 0; i <= n; i++) {
    const c = p.centres[i];
    let s = Math.log(p.weights[i]!);
    for (let j = 0; j < d; j++) {
      const f = p.fs.dims[j]!;
      if (!c) {
        s -= f.kind === 'cat' ? Math.log(f.levels) : 0;
      } else if (f.kind === 'cat') {
        const other = (1 - p.keep[j]!) / f.levels;
        s += Math.log(x[j] === c[j] ? p.keep[j]! + other : other);
      } else {
        const sg = p.sigma[i]![j]!;
        const z = (x[j]! - c[j]!) / sg;
        const mass = normalCdf((1 - c[j]!) / sg) - normalCdf(-c[j]! / sg);
        s += -0.5 * z * z - LOG_SQRT_2PI - Math.log(sg) - Math.log(Math.max(mass, 1e-300));
      }
    }
    logs[i] = s;
    if (s > max) max = s;
  }
  let sum = 0;
  for (let i = 0; i <= n; i++) sum += Math.exp(logs[i]! - max);
  return max + Math.log(sum);
}
