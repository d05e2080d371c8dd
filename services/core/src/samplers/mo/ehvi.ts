import type { Admissible } from '../../constraints/admissible.js';
import { perturbFeatures } from '../../gp/acquire.js';
import { defaultPrior, fitHyper, type Hyper } from '../../gp/fit.js';
import { fitBudget, type FitCeiling } from '../../gp/fit-budget.js';
import { tailCompress } from '../../gp/output-transform.js';
import { Posterior } from '../../gp/posterior.js';
import { paretoFront } from '../../pareto/dominance.js';
import type { Rng } from '../../rng.js';
import type { GpCache } from '../../searcher/types.js';
import type { Params } from '../../space/types.js';
import { fromFeatures, randomFeatures, toFeatures, type FeatureSpace } from '../features.js';
import { constrainedModel, inputsOf } from '../gp.js';
import type { MoHistory } from './history.js';
import { HvImprovement } from './hv-improvement.js';

/**
 * Expected hypervolume improvement (EHVI; Emmerich, Giannakoglou & Naujoks 2006) with one GP per
 * objective, estimated by Monte Carlo: the same standard-normal draws for every candidate
 * (common random numbers), so candidates are compared on equal terms and the search is
 * deterministic per seed. Works in the GPs' output units (each objective tail-compressed and
 * standardized, a monotone map: dominance is unchanged), reference point just beyond the worst
 * observed value of each objective. Running trials are "believers": each GP observes them at
 * its posterior mean and their mean vectors join the front, so the next proposal goes where
 * they are not expected to improve already.
 *
 * Under constraints: trials that broke a metric constraint still teach the objective GPs (their
 * values are real) but stay off the front and the reference point; a GP classifier over every
 * verdict (gp/feasibility.ts) turns the acquisition into EHVI × P(feasible), gated at even
 * odds (MIN_FEASIBILITY); and candidates breaking a parameter constraint are never considered. With no feasible trial
 * yet there is no front to improve: undefined, and ParEGO's constrained search takes the ask.
 */

export interface EhviProposal {
  params: Params;
  caches: GpCache[];
}

const SAMPLES = 64;

/**
 * Candidates the feasibility model finds more likely infeasible than not are not proposed (a
 * probabilistic constraint, as in Gelbart, Snoek & Adams 2014). EHVI × P(feasible) alone kept
 * proposing into an infeasible region that held the better half of the unconstrained front:
 * the hypervolume a point there would add dwarfed its small P(feasible), and 62 % of late
 * proposals broke the constraint (random search: 30 %; with this gate 18 %; see
 * docs/measurements/multi-objective.md). When no candidate passes, ParEGO's EI × P(feasible)
 * takes the ask.
 */
const MIN_FEASIBILITY = 0.5;

/** Lower than the single-objective GP's: one fit per objective per proposal (gp/fit-budget). */
const FIT_CEILING: Readonly<FitCeiling> = Object.freeze({ cold: 100, warm: 50 });

function maxNorm(a: Float64Array, b: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

export function proposeEhvi(fs: FeatureSpace, history: MoHistory, rng: Rng, caches: readonly GpCache[] | undefined, admissible?: Admissible): EhviProposal | undefined {
  const rows: Float64Array[] = [];
  const ys: number[][] = [];
  const feasible: boolean[] = [];
  for (const o of history.observed) {
    const f = toFeatures(fs, o.params);
    if (!f) continue;
    rows.push(f);
    ys.push(o.ys);
    feasible.push(o.infeasible !== true);
  }
  const d = fs.dims.length;
  const m = ys[0]?.length ?? 0;
  if (rows.length < 3 || d === 0 || m < 2 || !feasible.includes(true)) return undefined;
  const inp = inputsOf(fs, rows);
  const prior = defaultPrior(d);
  const pendingRows = history.pending.map((p) => toFeatures(fs, p)).filter((f): f is Float64Array => f !== undefined);
  const failedRows = history.failed.map((p) => toFeatures(fs, p)).filter((f): f is Float64Array => f !== undefined);

  const hypers: Hyper[] = [];
  const fittedOn: number[] = [];
  const posts: Posterior[] = [];
  const outputs: Float64Array[] = [];
  for (let k = 0; k < m; k++) {
    const y = tailCompress(ys.map((v) => v[k]!));
    const cache = caches?.[k];
    const warm = cache && cache.logLs.length === d ? [{ logLs: cache.logLs, logSignal: cache.logSignal, logNoise: cache.logNoise }] : [];
    const budget = fitBudget(rows.length, cache, d, FIT_CEILING);
    const hyper = budget === 0 && warm[0] ? warm[0] : fitHyper(inp, y, { prior, starts: warm, maxEvaluations: budget });
    hypers.push(hyper);
    fittedOn.push(budget === 0 && cache ? cache.n : rows.length);
    outputs.push(y);
    posts.push(new Posterior(inp, y, hyper));
  }
  const observed = rows.map((_, i) => outputs.map((y) => y[i]!)).filter((_, i) => feasible[i]);
  const feasibleRows = rows.filter((_, i) => feasible[i]);
  const logFeasible = constrainedModel(fs, rows, feasible, history);
  const believed: number[][] = pendingRows.map((p) => posts.map((post) => post.predict(p).mean));
  if (pendingRows.length > 0) {
    for (let k = 0; k < m; k++) posts[k] = posts[k]!.withFantasies(pendingRows, believed.map((b) => b[k]!));
  }
  const all = [...observed, ...believed];
  const ref = Array.from({ length: m }, (_, k) => {
    const col = observed.map((v) => v[k]!);
    const lo = Math.min(...col);
    const hi = Math.max(...col);
    return hi + 0.1 * Math.max(hi - lo, 1e-9);
  });
  const front = paretoFront(all).map((i) => all[i]!);
  const hvi = new HvImprovement(front, ref);
  const draws = Array.from({ length: SAMPLES }, () => Array.from({ length: m }, () => rng.normal()));
  const z = new Array<number>(m);
  const acquisition = (x: Float64Array): number => {
    if (!logFeasible) return ehvi(x);
    const p = Math.exp(logFeasible(x));
    return p < MIN_FEASIBILITY ? 0 : ehvi(x) * p;
  };
  const ehvi = (x: Float64Array): number => {
    const mean = new Array<number>(m);
    const sd = new Array<number>(m);
    for (let k = 0; k < m; k++) {
      const p = posts[k]!.predict(x);
      mean[k] = p.mean;
      sd[k] = Math.sqrt(Math.max(0, p.variance));
    }
    let total = 0;
    for (const e of draws) {
      for (let k = 0; k < m; k++) z[k] = mean[k]! + sd[k]! * e[k]!;
      total += hvi.of(z);
    }
    return total / SAMPLES;
  };

  const taken = [...rows, ...pendingRows, ...failedRows];
  const free = (x: Float64Array) => taken.every((t) => maxNorm(t, x) > 1e-6) && pendingRows.every((t) => maxNorm(t, x) > 0.01)
    && (!admissible || admissible(fromFeatures(fs, x)));
  const ls = hypers.map((h) => h.logLs.map(Math.exp));
  const minLs = Array.from({ length: d }, (_, j) => Math.min(1, ...ls.map((l) => l[j]!)));
  const centres = paretoFront(observed).map((i) => feasibleRows[i]!);
  // The log-EI screen's local candidates (gp/acquire.ts), sized by the shortest lengthscale
  // over the objectives, with a smaller floor and no ceiling on the step.
  const perturb = (c: Float64Array, scale: number): Float64Array => perturbFeatures(fs, rng, c, scale, { ls: minLs, minStep: 0.005, maxStep: Infinity });

  const n = rows.length + pendingRows.length;
  const screen = Math.max(300, Math.min(1500, Math.floor(3e6 / (m * (n * n + n * d + 1)))));
  let best: { x: Float64Array; v: number } | undefined;
  const consider = (x: Float64Array) => {
    if (!free(x)) return;
    const v = acquisition(x);
    if (!best || v > best.v) best = { x, v };
  };
  const u = new Float64Array(d);
  for (let i = 0; i < screen; i++) {
    if (i % 2 === 0 || centres.length === 0) {
      for (let j = 0; j < d; j++) u[j] = rng.float();
      consider(randomFeatures(fs, u));
    } else {
      consider(perturb(centres[rng.int(0, centres.length - 1)]!, [0.05, 0.15, 0.4][i % 3]!));
    }
  }
  // Local refinement of the winner: shrinking perturbations, keeping improvements.
  for (let round = 0; round < 60 && best; round++) {
    consider(perturb(best.x, 0.1 * 0.5 ** Math.floor(round / 20)));
  }
  if (!best || !(best.v > 0)) return undefined;
  return { params: fromFeatures(fs, best.x), caches: hypers.map((h, k) => ({ ...h, n: fittedOn[k]! })) };
}

