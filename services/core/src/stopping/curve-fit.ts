import type { Curve } from './curves.js';

/**
 * Learning-curve extrapolation (after Domhan et al. 2015, much simplified): fit saturating
 * curves y = a + b * phi_c(t) with phi_c(t) = exp(-c t) (exponential) or (1 + t)^-c (power
 * law). For each decay rate c on a grid, (a, b) is a linear least-squares fit, so the only
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
 * ratio within which fits stay plausible, `se` the standard errors subtracted from each
 * plausible forecast. The rule re-tests a trial at every report, so the per-test error must
 * be small: 10.83 is chi-square(1) at 99.9%.
 */
export const FORECAST = { grid: 48, ratio: 10.83, se: 2 };

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
  const fits: { family: 'exp' | 'power'; fit: Fit }[] = [];
  for (let g = 0; g < FORECAST.grid; g++) {
    const u = g / (FORECAST.grid - 1);
    // exp: c * horizon from 0.1 (barely bending) to 100 (converged almost at once).
    const cExp = (0.1 * 1000 ** u) / span;
    const e = fitLinear(ts, ys, (t) => Math.exp(-cExp * t), horizon);
    if (e) fits.push({ family: 'exp', fit: e });
    const cPow = 0.05 * 60 ** u;
    const p = fitLinear(ts, ys, (t) => Math.pow(1 + Math.max(0, t), -cPow), horizon);
    if (p) fits.push({ family: 'power', fit: p });
  }
  if (fits.length === 0) return undefined;
  let best = fits[0]!;
  for (const f of fits) if (f.fit.sse < best.fit.sse) best = f;
  const sseMin = best.fit.sse + floor;
  const sigma2 = sseMin / Math.max(1, m - 3);
  let optimistic = Infinity;
  for (const f of fits) {
    if (m * Math.log((f.fit.sse + floor) / sseMin) > FORECAST.ratio) continue;
    const se = Math.sqrt(sigma2 * Math.max(0, f.fit.lever));
    optimistic = Math.min(optimistic, f.fit.predicted - FORECAST.se * se);
  }
  return { family: best.family, predicted: best.fit.predicted, optimistic, noise: Math.sqrt(sigma2), points: m };
}
