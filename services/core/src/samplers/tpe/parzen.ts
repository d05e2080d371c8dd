import type { Rng } from '../../rng.js';
import { normalCdf } from '../../space/normal-cdf.js';
import { activeMask, type FeatureSpace } from '../features.js';

/**
 * A multivariate Parzen estimator over the feature space: one product kernel per observation
 * (truncated Gaussians on [0, 1] for real and ordinal features, an Aitchison-Aitken kernel for
 * categorical ones) plus a uniform prior component. Sampling picks a component, then each
 * feature from it, so correlations between features in good configurations are kept
 * (multivariate TPE, Falkner et al. 2018).
 *
 * Conditional spaces: a feature's kernels come only from the observations where it existed
 * (bandwidths from those neighbours alone); a component whose observation lacked it stands
 * in with the prior for that feature, and a point's density counts only the features that
 * exist at the point. Each component is then a proper density on the tree of branches, so
 * l(x)/g(x) compares points across branches on an equal footing.
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
  /** Conditional spaces: per component, 1 for each feature its observation had. */
  active?: Uint8Array[];
}

function has(p: Parzen, component: number, j: number): boolean {
  return !p.active || p.active[component]![j] === 1;
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
  const masks = centres.map((c) => activeMask(fs, c));
  const active = masks.every((m): m is Uint8Array => m !== undefined) && n > 0 ? masks : undefined;
  for (let j = 0; j < d; j++) {
    const f = fs.dims[j]!;
    if (f.kind === 'cat') {
      const nj = active ? active.reduce((acc, a) => acc + a[j]!, 0) : n;
      // Concentrates on a centre's own choice as evidence accumulates, but never fully.
      keep[j] = Math.min(0.9, Math.max(1 / f.levels, 1 - (f.levels - 1) / (f.levels - 1 + nj)));
      continue;
    }
    const order = [...Array(n).keys()].filter((i) => !active || active[i]![j] === 1).sort((a, b) => centres[a]![j]! - centres[b]![j]!);
    const m = order.length;
    const floor = Math.max(active ? 1 / Math.min(100, m + 1) : minSigma, f.levels > 0 ? 0.5 / f.levels : 0);
    for (let r = 0; r < m; r++) {
      const x = centres[order[r]!]![j]!;
      const left = r > 0 ? centres[order[r - 1]!]![j]! : Math.min(0, x);
      const right = r < m - 1 ? centres[order[r + 1]!]![j]! : Math.max(1, x);
      const gap = Math.max(x - left, right - x, Math.abs(x - 0.5) < 1e-12 ? 0 : 0);
      sigma[order[r]!]![j] = Math.min(1, Math.max(floor, gap));
    }
  }
  const weights = new Float64Array(n + 1).fill(1);
  weights[n] = priorWeight;
  let total = 0;
  for (const w of weights) total += w;
  for (let i = 0; i <= n; i++) weights[i] = weights[i]! / total;
  return { fs, centres, sigma, keep, weights, ...(active ? { active } : {}) };
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
    if (!centre || !has(p, k, j)) {
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
  const here = activeMask(p.fs, x);
  let max = -Infinity;
  for (let i = 0; i <= n; i++) {
    const c = p.centres[i];
    let s = Math.log(p.weights[i]!);
    for (let j = 0; j < d; j++) {
      const f = p.fs.dims[j]!;
      if (here && here[j] === 0) continue;
      if (!c || !has(p, i, j)) {
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
