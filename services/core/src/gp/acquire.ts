import { minimizeLbfgs } from '../math/lbfgs.js';
import type { Rng } from '../rng.js';
import { imputeInactive, randomFeatures, snapAll, type FeatureSpace } from '../samplers/features.js';
import { logEi } from './log-ei.js';
import type { Posterior } from './posterior.js';

/**
 * Maximizes log EI over the feature space: a broad screen (uniform points plus perturbations
 * of the best observed points, since the optimum of EI is usually near them), then L-BFGS on
 * the continuous features of the best few, then a sweep over the choices of each categorical
 * feature. Discrete features are optimized relaxed and snapped before the final comparison,
 * so the value compared is the value of a point that can actually be proposed.
 */

export interface AcquireInput {
  fs: FeatureSpace;
  post: Posterior;
  /** Incumbent in the model's (transformed) units. */
  best: number;
  /** Observed points ranked best first, for local candidates. */
  ranked: Float64Array[];
  /** Per-feature lengthscales, to size local perturbations. */
  ls: ArrayLike<number>;
  /** Points that must not be proposed again (every trial so far, pending and failed too). */
  taken: Float64Array[];
  rng: Rng;
  /** Number of screening candidates (time budget). */
  screen: number;
  /** Number of screened points refined by L-BFGS. */
  refine: number;
  /** Optional trust region for the non-categorical features (categoricals stay free). */
  box?: { lo: Float64Array; hi: Float64Array };
  /** Points a proposal must keep at least `radius` away from (max-norm), e.g. running trials. */
  spacing?: { points: Float64Array[]; radius: number };
  /** Added to log EI (e.g. local penalization of running trials); fills `grad` (length d) when given. */
  penalty?: (x: Float64Array, grad?: Float64Array) => number;
  /** Points allowed by the sweep's parameter constraints; others are never proposed. */
  admissible?: (x: Float64Array) => boolean;
  /**
   * What is maximized: absent, log EI plus the penalty; `{ kappa }`, minus the lower
   * confidence bound mean - kappa * sd (kappa 0: the posterior mean, pure exploitation, see
   * GpOptions.exploit). The result's `logEi` then holds that value instead.
   */
  lcb?: { kappa: number };
  /** Share of the screen spent on perturbations of the best observed points (default 1/2). */
  localShare?: number;
}

export interface Acquired {
  x: Float64Array;
  logEi: number;
}

function acq(inp: AcquireInput, x: Float64Array): number {
  const p = inp.post.predict(x);
  if (inp.lcb) return -(p.mean - inp.lcb.kappa * Math.sqrt(p.variance)) + (inp.penalty ? inp.penalty(x) : 0);
  return logEi(p.mean, Math.sqrt(p.variance), inp.best).value + (inp.penalty ? inp.penalty(x) : 0);
}

function sameness(a: Float64Array, b: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

// Points closer than this (max-norm, in the unit cube) count as the same configuration.
const DUPLICATE = 1e-6;

function isTaken(x: Float64Array, taken: Float64Array[]): boolean {
  for (const t of taken) if (sameness(x, t) <= DUPLICATE) return true;
  return false;
}

function tooClose(x: Float64Array, inp: AcquireInput): boolean {
  if (isTaken(x, inp.taken)) return true;
  if (inp.admissible && !inp.admissible(x)) return true;
  const sp = inp.spacing;
  if (!sp) return false;
  for (const p of sp.points) if (sameness(x, p) < sp.radius) return true;
  return false;
}

/** Step bounds and limits of a local perturbation (see perturbFeatures). */
export interface PerturbOptions {
  /** Per-feature lengthscales; each step is `scale` times the lengthscale (capped at 1). */
  ls: ArrayLike<number>;
  minStep: number;
  maxStep: number;
  /** Where non-categorical features must stay; the unit cube when absent. */
  box?: { lo: Float64Array; hi: Float64Array } | undefined;
}

/**
 * A local candidate around `centre`, shared by the log-EI screen below and EHVI
 * (samplers/mo/ehvi.ts): a random subset of features moved, categoricals to a random choice,
 * the others by a normal step sized by their lengthscale. The draws (and their order) are part
 * of each sampler's per-seed behaviour.
 */
export function perturbFeatures(fs: FeatureSpace, rng: Rng, centre: Float64Array, scale: number, opts: PerturbOptions): Float64Array {
  const { ls, box } = opts;
  const d = centre.length;
  const x = Float64Array.from(centre);
  // Perturb a random subset of coordinates (about 2 of them, at least one): moving all of
  // them at once in higher dimensions almost never lands in a better spot.
  const p = Math.min(1, 2 / d);
  let moved = false;
  for (let j = 0; j < d; j++) {
    if (rng.float() >= p && !(j === d - 1 && !moved)) continue;
    moved = true;
    const f = fs.dims[j]!;
    if (f.kind === 'cat') {
      x[j] = rng.int(0, f.levels - 1);
    } else {
      const step = Math.min(opts.maxStep, Math.max(opts.minStep, scale * Math.min(1, ls[j]!)));
      x[j] = Math.min(box ? box.hi[j]! : 1, Math.max(box ? box.lo[j]! : 0, x[j]! + step * rng.normal()));
    }
  }
  snapAll(fs, x);
  return x;
}

function localCandidate(inp: AcquireInput, centre: Float64Array, scale: number): Float64Array {
  return perturbFeatures(inp.fs, inp.rng, centre, scale, { ls: inp.ls, minStep: 0.01, maxStep: 0.5, box: inp.box });
}

function refine(inp: AcquireInput, start: Float64Array): Acquired {
  const { fs, post, best } = inp;
  const d = start.length;
  const free = fs.dims.map((f, j) => (f.kind === 'cat' ? -1 : j)).filter((j) => j >= 0);
  let x = Float64Array.from(start);
  if (free.length > 0) {
    const dMean = new Float64Array(d);
    const dVar = new Float64Array(d);
    const full = Float64Array.from(start);
    const dPen = new Float64Array(d);
    const r = minimizeLbfgs(
      (z, g) => {
        for (let k = 0; k < free.length; k++) full[free[k]!] = z[k]!;
        const p = post.predictWithGrad(full, dMean, dVar);
        const pen = inp.penalty ? inp.penalty(full, dPen) : 0;
        const sd = Math.sqrt(p.variance);
        if (inp.lcb) {
          const k0 = inp.lcb.kappa;
          // d sd = d var / (2 sd); at a point the model knows exactly (sd 0) the mean decides.
          for (let k = 0; k < free.length; k++) {
            const j = free[k]!;
            g[k] = dMean[j]! - (k0 > 0 && sd > 0 ? (k0 * dVar[j]!) / (2 * sd) : 0) - (inp.penalty ? dPen[j]! : 0);
          }
          return p.mean - k0 * sd - pen;
        }
        const e = logEi(p.mean, sd, best);
        const dSdDVar = 0.5 / sd;
        for (let k = 0; k < free.length; k++) {
          const j = free[k]!;
          g[k] = -(e.dMean * dMean[j]! + e.dSd * dSdDVar * dVar[j]!) - (inp.penalty ? dPen[j]! : 0);
        }
        return -(e.value + pen);
      },
      Float64Array.from(free, (j) => start[j]!),
      {
        lower: Float64Array.from(free, (j) => inp.box?.lo[j] ?? 0),
        upper: Float64Array.from(free, (j) => inp.box?.hi[j] ?? 1),
        maxIterations: 30, maxEvaluations: 60, gradTol: 1e-7, relTol: 1e-9 },
    );
    for (let k = 0; k < free.length; k++) x[free[k]!] = r.x[k]!;
    snapAll(fs, x);
  }
  let value = acq(inp, x);
  // Categorical sweep: try every other choice of each categorical, keep improvements.
  fs.dims.forEach((f, j) => {
    if (f.kind !== 'cat') return;
    for (let c = 0; c < f.levels; c++) {
      if (c === x[j]) continue;
      const y = Float64Array.from(x);
      y[j] = c;
      // Another choice may switch conditional parameters on or off.
      imputeInactive(fs, y);
      const v = acq(inp, y);
      if (v > value) {
        value = v;
        x = y;
      }
    }
  });
  return { x, logEi: value };
}

export function maximizeLogEi(inp: AcquireInput): Acquired | undefined {
  const { fs, rng, ranked } = inp;
  const d = fs.dims.length;
  const cands: Acquired[] = [];
  const push = (x: Float64Array) => {
    if (!tooClose(x, inp)) cands.push({ x, logEi: acq(inp, x) });
  };
  const nLocal = ranked.length > 0 ? Math.floor(inp.screen * (inp.localShare ?? 0.5)) : 0;
  const u = new Float64Array(d);
  for (let i = 0; i < inp.screen - nLocal; i++) {
    for (let j = 0; j < d; j++) u[j] = rng.float();
    if (inp.box) for (let j = 0; j < d; j++) if (fs.dims[j]!.kind !== 'cat') u[j] = inp.box.lo[j]! + u[j]! * (inp.box.hi[j]! - inp.box.lo[j]!);
    push(randomFeatures(fs, u));
  }
  const centres = ranked.slice(0, 5);
  for (let i = 0; i < nLocal && centres.length > 0; i++) {
    const c = centres[Math.min(centres.length - 1, Math.floor(Math.abs(rng.normal()) * 1.5))]!;
    const scale = [0.05, 0.15, 0.4][i % 3]!;
    push(localCandidate(inp, c, scale));
  }
  if (cands.length === 0) return undefined;
  cands.sort((a, b) => b.logEi - a.logEi);
  let bestFound: Acquired = cands[0]!;
  const starts: Acquired[] = [];
  for (const c of cands) {
    if (starts.length >= inp.refine) break;
    if (starts.every((s) => sameness(s.x, c.x) > 0.02)) starts.push(c);
  }
  for (const s of starts) {
    const r = refine(inp, s.x);
    if (r.logEi > bestFound.logEi && !tooClose(r.x, inp)) bestFound = r;
  }
  return bestFound;
}
