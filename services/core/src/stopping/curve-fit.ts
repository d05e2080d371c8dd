import type { Curve } from './curves.js';

/**
 * Learning-curve extrapolation (after Domhan et al. 2015, much simplified): fit saturating
 * curves y = a + b * phi(t) with phi(t) = exp(-c t) (exponential) or (t0 + t)^-c (power
 * law). For each shape (c, t0) on a grid, (a, b) is a linear least-squares fit, so the only
 * search is one-dimensional and cannot fail to converge. Every (family, c) whose fit is not
 * significantly worse than the best (likelihood ratio) is plausible; the forecast reports the
 * most optimistic plausible final value minus two standard errors. A rule built on it only
 * stops trials that no plausible continuation of their curve rescues.
 */

export interface Forecast {
  /** Best-fitting family and its prediction at the horizon. */
  family: 'exp' | 'power';
  predicted: number;
  /** The lowest final value any plausible fit allows. */
  optimistic: number;
  /** Residual standard deviation of the best fit. */
  noise: number;
  points: number;
}

/**
 * Tuning constants (exported so benchmarks can probe them): `ratio` is the log-likelihood
 * ratio within which fits stay plausible (6.63: chi-square(1) at 99%), `se` the standard
 * errors subtracted from each plausible forecast. The rule re-tests a trial at every report,
 * so the per-test error has to be small; the refined (not just gridded) best fit keeps the
 * ratio honest.
 */
export const FORECAST: Readonly<{ grid: number; ratio: number; se: number }> = Object.freeze({ grid: 48, ratio: 6.63, se: 2 });

interface Fit {
  sse: number;
  a: number;
  b: number;
  /** Variance factor of the prediction at the horizon: phi^T (X^T X)^-1 phi. */
  lever: number;
  predicted: number;
}

function fitLinear(ts: readonly number[], ys: readonly number[], phi: (t: number) => number, horizon: number): Fit | undefined {
  const m = ts.length;
  let s1 = 0;
  let sp = 0;
  let spp = 0;
  let sy = 0;
  let spy = 0;
  for (let i = 0; i < m; i++) {
    const p = phi(ts[i]!);
    sp += p;
    spp += p * p;
    sy += ys[i]!;
    spy += p * ys[i]!;
    s1 += 1;
  }
  const det = s1 * spp - sp * sp;
  if (!(Math.abs(det) > 1e-12 * Math.max(1, s1 * spp))) return undefined;
  const a = (spp * sy - sp * spy) / det;
  const b = (s1 * spy - sp * sy) / det;
  let sse = 0;
  for (let i = 0; i < m; i++) sse += (ys[i]! - a - b * phi(ts[i]!)) ** 2;
  const ph = phi(horizon);
  // (X^T X)^-1 = [[spp, -sp], [-sp, s1]] / det for X = [1, phi].
  const lever = (spp - 2 * sp * ph + s1 * ph * ph) / det;
  return { sse, a, b, lever, predicted: a + b * ph };
}

/** Golden-section refinement of log c between two grid neighbours of the best grid point. */
function refine(ts: readonly number[], ys: readonly number[], phiOf: (c: number) => (t: number) => number, lo: number, hi: number, horizon: number): Fit | undefined {
  const g = (Math.sqrt(5) - 1) / 2;
  let a = Math.log(lo);
  let b = Math.log(hi);
  const sse = (x: number) => fitLinear(ts, ys, phiOf(Math.exp(x)), horizon)?.sse ?? Infinity;
  let c = b - g * (b - a);
  let d = a + g * (b - a);
  let fc = sse(c);
  let fd = sse(d);
  for (let i = 0; i < 25; i++) {
    if (fc < fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - g * (b - a);
      fc = sse(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + g * (b - a);
      fd = sse(d);
    }
  }
  return fitLinear(ts, ys, phiOf(Math.exp((a + b) / 2)), horizon);
}

interface Family {
  name: 'exp' | 'power';
  phiOf: (c: number) => (t: number) => number;
  grid: number[];
}

export function forecastFinal(curve: Curve, horizon: number): Forecast | undefined {
  const ts = curve.map(([s]) => s);
  const ys = curve.map(([, y]) => y);
  const m = ts.length;
  if (m < 5) return undefined;
  const span = Math.max(1, horizon);
  let scale = 0;
  for (const y of ys) scale = Math.max(scale, Math.abs(y));
  // A noise floor so perfectly smooth curves do not make every alternative look impossible.
  const floor = m * (1e-4 * Math.max(scale, 1e-12)) ** 2;
  const grid = (from: number, ratio: number) => Array.from({ length: FORECAST.grid }, (_, g) => from * ratio ** (g / (FORECAST.grid - 1)));
  const families: Family[] = [
    // exp: c * horizon from 0.1 (barely bending) to 100 (converged almost at once).
    { name: 'exp', phiOf: (c) => (t) => Math.exp(-c * t), grid: grid(0.1 / span, 1000) },
    // Power laws with an offset, (t0 + t)^-c: the offset sets how long the curve stays flat
    // at the start, which varies between runs as much as the exponent does.
    ...[1, 0.03 * span, 0.1 * span, 0.3 * span].map((t0): Family => ({
      name: 'power',
      phiOf: (c) => (t) => Math.pow(Math.max(1, t0) + Math.max(0, t), -c),
      grid: grid(0.05, 1200),
    })),
  ];
  const fits: { family: 'exp' | 'power'; fit: Fit }[] = [];
  for (const fam of families) {
    let bestAt = -1;
    let bestSse = Infinity;
    fam.grid.forEach((c, g) => {
      const f = fitLinear(ts, ys, fam.phiOf(c), horizon);
      if (!f) return;
      fits.push({ family: fam.name, fit: f });
      if (f.sse < bestSse) {
        bestSse = f.sse;
        bestAt = g;
      }
    });
    if (bestAt < 0) continue;
    const lo = fam.grid[Math.max(0, bestAt - 1)]!;
    const hi = fam.grid[Math.min(fam.grid.length - 1, bestAt + 1)]!;
    const r = refine(ts, ys, fam.phiOf, lo, hi, horizon);
    if (r) fits.push({ family: fam.name, fit: r });
  }
  if (fits.length === 0) return undefined;
  let best = fits[0]!;
  for (const f of fits) if (f.fit.sse < best.fit.sse) best = f;
  const sseMin = best.fit.sse + floor;
  const sigma2 = sseMin / Math.max(1, m - 3);
  let optimistic = Infinity;
  for (const f of fits) {
    if (m * Math.log((f.fit.sse + floor) / sseMin) > FORECAST.ratio) continue;
    // A prediction interval for the final *reported* value, which carries its own noise, not
    // just a confidence interval for the curve: hence sigma2 (1 + lever).
    const se = Math.sqrt(sigma2 * (1 + Math.max(0, f.fit.lever)));
    optimistic = Math.min(optimistic, f.fit.predicted - FORECAST.se * se);
  }
  return { family: best.family, predicted: best.fit.predicted, optimistic, noise: Math.sqrt(sigma2), points: m };
}
