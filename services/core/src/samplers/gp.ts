import { maximizeLogEi } from '../gp/acquire.js';
import { defaultPrior } from '../gp/fit.js';
import { fitWarped } from '../gp/fit-warped.js';
import { fitBudget, type FitCeiling } from '../gp/fit-budget.js';
import type { Inputs } from '../gp/kernel.js';
import type { OutputTransform } from '../gp/output-transform.js';
import { localPenalty } from '../gp/local-penalty.js';
import { Posterior } from '../gp/posterior.js';
import { fitFeasibility, sumPenalties, type LogFeasibility } from '../gp/feasibility.js';
import type { Admissible } from '../constraints/admissible.js';
import type { Rng } from '../rng.js';
import type { GpCache } from '../searcher/types.js';
import type { Params } from '../space/types.js';
import { fromFeatures, randomFeatures, toFeatures, widenInactive, type FeatureSpace } from './features.js';
import type { History } from './history.js';
import { LOCAL_SOURCE, TR_DEFAULTS, trustRegionBox, trustRegionLength, type TrustRegionOptions } from './trust-region.js';

/**
 * GP-based Bayesian optimization: Matérn-5/2 ARD GP on the feature space, outputs reshaped
 * (see output-transform), hyperparameters by MAP with the last fit as a warm start, pending
 * trials as "believer" observations, next point by maximizing log EI inside an adaptive trust
 * region around the incumbent. The trust region was the largest single gain in the benchmarks
 * (public and private functions alike): plain EI over the whole cube keeps sampling corners
 * and faces once d > 3, where the posterior variance is largest.
 */

export interface GpOptions {
  /** The outputs' map (gp/output-transform.ts); default `auto`, chosen per fit. */
  transform: OutputTransform;
  /** `auto`: nats per observation the log map must win by (gp/fit-warped.ts). Default 0.25. */
  warpMargin: number;
  /** Multiplies the lengthscale prior's centre. */
  lsScale: number;
  lsSd: number;
  /** `local`: EI inside a trust region around the incumbent (see trust-region); `global`: everywhere. */
  strategy: 'global' | 'local';
  /**
   * Running trials: `believer` observed at the posterior mean, `floor` the same but never below
   * the incumbent, `sample` at a posterior draw, `penalize` local penalization (see below).
   */
  pending: 'believer' | 'floor' | 'sample' | 'penalize' | 'thompson';
  /** Under constraints, the acquisition is EI x P(feasible)^feasibilityPower (gp/feasibility.ts). */
  feasibilityPower: number;
  /**
   * Exploitation slots per round of parallel proposals: the asks made while 1..exploit other
   * trials run minimize the posterior mean inside the trust region instead of maximizing EI.
   * 0 (default): every ask maximizes EI. Sequential asks (nothing running) are never affected.
   */
  exploit: number;
  /**
   * While trials run, the asks that are not exploitation slots minimize the lower confidence
   * bound mean - pendingKappa * sd on the believer-conditioned posterior instead of
   * maximizing EI (GP-BUCB, Desautels, Krause & Burdick 2014, "Parallelizing
   * exploration-exploitation tradeoffs in Gaussian process bandit optimization"); 0: EI.
   * Default 1. Why: after a round in which several trials improved, the trust region grows
   * and, with the running trials' variance removed by the believer, EI sends the rest of the
   * round to far corners of the region where only the variance is large (Hartmann6 traces:
   * seven of eight asks at f = 0). The bound needs the optimistic value itself to be low, so
   * the round stays where the model expects good values. Hartmann6 at batch 8 went from
   * -1.97 to -2.78 median log10 regret, the other public functions within noise
   * (docs/measurements/batch-proposals.md). Not used under constraints or a cost penalty
   * (those are log-EI terms) nor with `pending: 'penalize'`.
   */
  pendingKappa: number;
  /**
   * Exploit harder once the trust region shrinks: while trials run, kappa is
   * pendingKappa * min(1, length / init)^kappaSchedule, never below pendingKappaMin.
   * 0 (default): a constant pendingKappa.
   */
  kappaSchedule: number;
  pendingKappaMin: number;
  /**
   * While trials run, where the trust region is centred: `best`, the best observed point
   * (default, as sequential); `mean`, the lowest believer-conditioned posterior mean among
   * the observed and running points (a fantasized incumbent).
   */
  pendingCentre: 'best' | 'mean';
  /** A new point keeps this share of the trust region's widest side away from running trials. */
  pendingSpacing: number;
  /**
   * ... but never more than this (max-norm, unit cube; 1: no cap). Default 0.005. Why: on a
   * smooth function the region keeps growing while every round improves, so a share of it
   * (0.05 of the cube) kept the round's points 20x further from the incumbent than the
   * refinement needed; Hartmann6 at batch 8 went from -2.78 to -3.07 median log10 regret
   * (docs/measurements/batch-proposals.md). A cap, not a smaller share:
   * where the region shrinks (Branin) the share still scales the spacing down, and a smaller
   * share cost Branin 0.5-1 log10.
   */
  spacingCap: number;
  /** While trials run: the acquisition's screen is multiplied by this (1: as sequential). */
  pendingScreen: number;
  /** While trials run: how many screened points L-BFGS refines (sequential: 5). */
  pendingRefine: number;
  /** While trials run: share of the screen spent around the best points (sequential: 0.5). */
  pendingLocal: number;
}

/** The searcher's settings; benchmarks probe variants by passing options (SamplerOptions.gp). */
export const GP_DEFAULTS: Readonly<GpOptions> = Object.freeze({ transform: 'auto', warpMargin: 0.25, lsScale: 1, lsSd: 1, strategy: 'local', pending: 'believer', feasibilityPower: 1, exploit: 0, pendingKappa: 1, kappaSchedule: 0, pendingKappaMin: 0.3, pendingCentre: 'best', pendingSpacing: 0.05, spacingCap: 0.005, pendingScreen: 1, pendingRefine: 5, pendingLocal: 0.5 });

export interface GpProposal {
  params: Params;
  cache: GpCache;
  source: string;
}

/** The trust region's widest side (1 without a region). */
function trRadius(box: { lo: Float64Array; hi: Float64Array } | undefined): number {
  if (!box) return 1;
  let w = 0;
  for (let j = 0; j < box.lo.length; j++) w = Math.max(w, box.hi[j]! - box.lo[j]!);
  return w;
}

function penaltyOf(a: LogFeasibility | undefined, b: LogFeasibility | undefined, d: number): { penalty?: LogFeasibility } {
  const sum = sumPenalties(a, b, d);
  return sum ? { penalty: sum } : {};
}

/**
 * log P(feasible) from every trial with a verdict: observed ones (flagged when they broke a
 * metric constraint) and infeasible ones without a value (out of memory). Ordinary failures
 * say nothing about feasibility and stay out. Undefined while no trial was infeasible.
 */
export function constrainedModel(fs: FeatureSpace, rows: readonly Float64Array[], feasible: readonly boolean[], history: { infeasible: readonly Params[] }, power = 1): LogFeasibility | undefined {
  const points = [...rows];
  const labels = [...feasible];
  for (const p of history.infeasible) {
    const f = toFeatures(fs, p);
    if (!f) continue;
    points.push(f);
    labels.push(false);
  }
  if (labels.every((l) => l)) return undefined;
  return fitFeasibility(inputsOf(fs, points), labels, power);
}

export function inputsOf(fs: FeatureSpace, rows: Float64Array[]): Inputs {
  const d = fs.dims.length;
  const x = new Float64Array(rows.length * d);
  rows.forEach((r, i) => x.set(r, i * d));
  return { x, n: rows.length, d, cat: Uint8Array.from(fs.dims, (f) => (f.kind === 'cat' ? 1 : 0)) };
}

/** Hyperparameter fit ceilings of the single-objective GP (see gp/fit-budget). */
const FIT_CEILING: Readonly<FitCeiling> = Object.freeze({ cold: 120, warm: 60 });

/**
 * Thompson sampling in the trust region (TuRBO's batch acquisition): one joint posterior draw
 * on candidates (uniform in the box and perturbations of the incumbent), its minimizer.
 */
function thompsonPick(fs: FeatureSpace, post: Posterior, centre: Float64Array, box: { lo: Float64Array; hi: Float64Array } | undefined, taken: Float64Array[], rng: Rng): Float64Array | undefined {
  const d = fs.dims.length;
  const lo = box?.lo ?? new Float64Array(d);
  const hi = box?.hi ?? new Float64Array(d).fill(1);
  const cands: Float64Array[] = [];
  for (let i = 0; i < 256; i++) {
    const u = new Float64Array(d);
    for (let j = 0; j < d; j++) {
      if (fs.dims[j]!.kind === 'cat') u[j] = rng.float();
      else if (i % 2 === 0) u[j] = lo[j]! + rng.float() * (hi[j]! - lo[j]!);
      else u[j] = Math.min(hi[j]!, Math.max(lo[j]!, centre[j]! + 0.2 * (hi[j]! - lo[j]!) * rng.normal()));
    }
    const x = randomFeatures(fs, u);
    if (taken.every((t) => t.some((v, j) => Math.abs(v - x[j]!) > 1e-6))) cands.push(x);
  }
  if (cands.length === 0) return undefined;
  const f = post.sampleJoint(cands, () => rng.normal());
  let best = 0;
  for (let i = 1; i < cands.length; i++) if (f[i]! < f[best]!) best = i;
  return cands[best];
}

export function proposeGp(
  fs: FeatureSpace,
  history: History,
  rng: Rng,
  cache: GpCache | undefined,
  opts: Readonly<GpOptions> = GP_DEFAULTS,
  tr: Readonly<TrustRegionOptions> = TR_DEFAULTS,
  admissible?: Admissible,
  /** Added to log EI besides any penalty of running trials (cost-aware search: samplers/cost-model). */
  extraPenalty?: (x: Float64Array, grad?: Float64Array) => number,
): GpProposal | undefined {
  const rows: Float64Array[] = [];
  const ys: number[] = [];
  const feasible: boolean[] = [];
  for (const o of history.observed) {
    const f = toFeatures(fs, o.params);
    if (!f) continue;
    rows.push(f);
    ys.push(o.y);
    feasible.push(o.infeasible !== true);
  }
  const d = fs.dims.length;
  if (rows.length < 2 || d === 0) return undefined;
  const inp = inputsOf(fs, rows);
  const base = defaultPrior(d);
  const prior = { ...base, lsMean: base.lsMean + Math.log(opts.lsScale), lsSd: opts.lsSd };
  const warm = cache && cache.logLs.length === d ? [{ logLs: cache.logLs, logSignal: cache.logSignal, logNoise: cache.logNoise }] : [];
  const budget = fitBudget(rows.length, cache, d, FIT_CEILING);
  const { y, hyper, transform } = fitWarped(inp, ys, opts.transform, { prior, starts: warm, budget, cachedTransform: cache?.transform, margin: opts.warpMargin });
  const fittedOn = budget === 0 && cache ? cache.n : rows.length;

  // Incumbent: the best observed value. (The best posterior mean, the textbook choice under
  // noise, did no better on noisy variants of the benchmarks and worse on some.)
  // Under constraints the incumbent is the best feasible value, and feasible points rank
  // first (the trust region centres on the best of them); see constrainedModel.
  const order = [...y.keys()].sort((a, b) => Number(feasible[b]) - Number(feasible[a]) || y[a]! - y[b]!);
  const best = feasible[order[0]!] ? y[order[0]!]! : Math.max(...y);
  let post = new Posterior(inp, y, hyper);
  const pendingRows = history.pending.map((p) => toFeatures(fs, p)).filter((f): f is Float64Array => f !== undefined);
  if (pendingRows.length > 0) {
    // Running trials, measured five ways at batch 8 (docs/measurements/batch-proposals.md):
    // `believer`, the kriging believer of Ginsbourger, Le Riche & Carraro 2010 ("Kriging is
    // well-suited to parallelize optimization"): each running trial is observed at its
    // posterior mean, same hyperparameters, the Cholesky factor only extended. It leaves the
    // mean where it was and removes the variance there, so EI vanishes on and near running
    // trials and the next point goes where information is still missing; it is their
    // greedy approximation of q-EI and needs no constant. Measured against it: `floor` (the
    // mean, never below the incumbent: a pessimistic liar), `sample` (one posterior draw per
    // running trial, a one-sample Monte-Carlo q-EI), `penalize` (local penalization,
    // González et al. 2016) and `thompson` (TuRBO's Thompson sampling in the trust region).
    // The believer was best or within noise of best on five of six public functions; local
    // penalization, sampled fantasies and Thompson sampling were worse on some (Rosenbrock,
    // Ackley; Hartmann6; Ackley). Spacing (below) keeps points apart.
    if (opts.pending === 'sample') {
      for (const p of pendingRows) {
        const f = post.predict(p);
        // Drawn one after another, each conditioned on the earlier draws: a joint sample.
        post = post.withFantasies([p], [f.mean + Math.sqrt(f.variance) * rng.normal()]);
      }
    } else if (opts.pending !== 'penalize') {
      const lies = pendingRows.map((p) => (opts.pending === 'floor' ? Math.max(post.predict(p).mean, best) : post.predict(p).mean));
      post = post.withFantasies(pendingRows, lies);
    }
  }
  const ranked = order.map((i) => rows[i]!);
  if (opts.pendingCentre === 'mean' && pendingRows.length > 0 && feasible.every((f) => f)) {
    let arg: Float64Array | undefined;
    let low = Infinity;
    for (const r of [...rows, ...pendingRows]) {
      const m = post.predict(r).mean;
      if (m < low) [low, arg] = [m, r];
    }
    if (arg && arg !== ranked[0]) ranked.unshift(arg);
  }
  const failedRows = history.failed.map((p) => toFeatures(fs, p)).filter((f): f is Float64Array => f !== undefined);
  const n = rows.length + pendingRows.length;
  const screen = Math.max(300, Math.min(2000, Math.floor(4e6 / (n * n + n * d + 1))));
  const local = opts.strategy === 'local';
  const ls = hyper.logLs.map(Math.exp);
  const trLength = trustRegionLength(history.replay ?? history.observed, d, tr);
  const box = local ? trustRegionBox(ranked[0]!, ls, trLength) : undefined;
  if (box) widenInactive(fs, ranked[0]!, box);
  const feasibility = constrainedModel(fs, rows, feasible, history, opts.feasibilityPower);
  const admits = admissible ? (x: Float64Array) => admissible(fromFeatures(fs, x)) : undefined;
  if (opts.pending === 'thompson' && pendingRows.length > 0 && !feasibility && !admits) {
    const x = thompsonPick(fs, post, ranked[0]!, box, [...rows, ...pendingRows, ...failedRows], rng);
    if (x) return { params: fromFeatures(fs, x), cache: { ...hyper, n: fittedOn, transform }, source: local ? LOCAL_SOURCE : 'gp' };
  }
  const penalty = sumPenalties(
    opts.pending === 'penalize' && pendingRows.length > 0 ? localPenalty(post, best, pendingRows, [...rows, ...pendingRows], inp.cat) : undefined,
    extraPenalty,
    d,
  );
  const running = pendingRows.length;
  // The mean is in the model's units, penalties in log-EI units: no exploitation slot under
  // constraints or a cost penalty, where "the best guess" needs them to mean anything.
  const exploit = running >= 1 && running <= opts.exploit && !penalty && !feasibility;
  const kappa = opts.kappaSchedule > 0 && local ? Math.max(opts.pendingKappaMin, opts.pendingKappa * Math.min(1, trLength / tr.init) ** opts.kappaSchedule) : opts.pendingKappa;
  const found = maximizeLogEi({
    fs,
    post,
    best,
    ranked,
    ls,
    ...(box ? { box } : {}),
    taken: [...rows, ...pendingRows, ...failedRows],
    // Near convergence the trust region is tiny and EI peaks next to a pending point; a new
    // point must differ from every running one by a visible share of the region (and of
    // each parameter's range), or it is the same experiment twice; inside a trust region
    // capped (spacingCap), since a region that grows while converging would otherwise push
    // the round away from the optimum. Without a region (global strategy, ParEGO) unmeasured,
    // so unchanged.
    spacing: { points: pendingRows, radius: Math.max(1e-3, Math.min(opts.pendingSpacing * Math.min(1, trRadius(box)), box ? opts.spacingCap : 1)) },
    ...penaltyOf(penalty, feasibility, d),
    ...(admits ? { admissible: admits } : {}),
    rng,
    screen: running > 0 ? Math.round(screen * opts.pendingScreen) : screen,
    refine: running > 0 ? opts.pendingRefine : 5,
    ...(running > 0 && opts.pendingLocal !== 0.5 ? { localShare: opts.pendingLocal } : {}),
    ...(exploit ? { lcb: { kappa: 0 } } : running > 0 && opts.pendingKappa > 0 && !penalty && !feasibility ? { lcb: { kappa } } : {}),
  });
  if (!found) return undefined;
  return { params: fromFeatures(fs, found.x), cache: { ...hyper, n: fittedOn, transform }, source: local ? LOCAL_SOURCE : 'gp' };
}
