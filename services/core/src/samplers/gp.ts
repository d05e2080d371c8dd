import { maximizeLogEi } from '../gp/acquire.js';
import { defaultPrior, fitHyper, type Hyper } from '../gp/fit.js';
import type { Inputs } from '../gp/kernel.js';
import { transformOutputs, type OutputTransform } from '../gp/output-transform.js';
import { Posterior } from '../gp/posterior.js';
import type { Rng } from '../rng.js';
import type { GpCache } from '../searcher/types.js';
import type { Params } from '../space/types.js';
import { fromFeatures, toFeatures, type FeatureSpace } from './features.js';
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
  transform: OutputTransform;
  /** Multiplies the lengthscale prior's centre. */
  lsScale: number;
  lsSd: number;
  /** `local`: EI inside a trust region around the incumbent (see trust-region); `global`: everywhere. */
  strategy: 'global' | 'local';
}

/** The searcher's settings; benchmarks probe variants by passing options (SamplerOptions.gp). */
export const GP_DEFAULTS: Readonly<GpOptions> = Object.freeze({ transform: 'robust', lsScale: 1, lsSd: 1, strategy: 'local' });

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

function inputsOf(fs: FeatureSpace, rows: Float64Array[]): Inputs {
  const d = fs.dims.length;
  const x = new Float64Array(rows.length * d);
  rows.forEach((r, i) => x.set(r, i * d));
  return { x, n: rows.length, d, cat: Uint8Array.from(fs.dims, (f) => (f.kind === 'cat' ? 1 : 0)) };
}

/**
 * Evaluation budget of the hyperparameter fit: generous while the history is small, shrinking
 * with the O(n^3) cost of each evaluation. Zero means "reuse the last fit": once the history
 * is large, hyperparameters move little per trial, so they are refitted only after it has
 * grown by a tenth.
 */
function fitBudget(n: number, cache: GpCache | undefined, d: number): number {
  const warm = cache !== undefined && cache.logLs.length === d;
  if (warm && n > 60 && n < cache.n * 1.1) return 0;
  const budget = Math.floor(1.2e8 / Math.max(1, n * n * n));
  return Math.max(warm ? 10 : 15, Math.min(warm ? 60 : 120, budget));
}

export function proposeGp(
  fs: FeatureSpace,
  history: History,
  rng: Rng,
  cache: GpCache | undefined,
  opts: Readonly<GpOptions> = GP_DEFAULTS,
  tr: Readonly<TrustRegionOptions> = TR_DEFAULTS,
): GpProposal | undefined {
  const rows: Float64Array[] = [];
  const ys: number[] = [];
  for (const o of history.observed) {
    const f = toFeatures(fs, o.params);
    if (!f) continue;
    rows.push(f);
    ys.push(o.y);
  }
  const d = fs.dims.length;
  if (rows.length < 2 || d === 0) return undefined;
  const y = transformOutputs(ys, opts.transform);
  const inp = inputsOf(fs, rows);
  const base = defaultPrior(d);
  const prior = { ...base, lsMean: base.lsMean + Math.log(opts.lsScale), lsSd: opts.lsSd };
  const warm = cache && cache.logLs.length === d ? [{ logLs: cache.logLs, logSignal: cache.logSignal, logNoise: cache.logNoise }] : [];
  const budget = fitBudget(rows.length, cache, d);
  const hyper: Hyper = budget === 0 && warm[0] ? warm[0] : fitHyper(inp, y, { prior, starts: warm, maxEvaluations: budget });
  const fittedOn = budget === 0 && cache ? cache.n : rows.length;

  // Incumbent: the best observed value. (The best posterior mean, the textbook choice under
  // noise, did no better on noisy variants of the benchmarks and worse on some.)
  const order = [...y.keys()].sort((a, b) => y[a]! - y[b]!);
  const best = y[order[0]!]!;
  let post = new Posterior(inp, y, hyper);
  const pendingRows = history.pending.map((p) => toFeatures(fs, p)).filter((f): f is Float64Array => f !== undefined);
  if (pendingRows.length > 0) {
    // Believer: pending points are "observed" at their predicted mean, but never better than
    // the incumbent, so EI vanishes on and near them and parallel asks spread out. (An
    // average-valued liar spread them further but found less in batch benchmarks; the
    // minimum spacing below keeps believer batches from landing a hair apart.)
    const lies = pendingRows.map((p) => Math.max(post.predict(p).mean, best));
    const all = [...rows, ...pendingRows];
    post = new Posterior(inputsOf(fs, all), Float64Array.from([...y, ...lies]), hyper);
  }
  const ranked = order.map((i) => rows[i]!);
  const failedRows = history.failed.map((p) => toFeatures(fs, p)).filter((f): f is Float64Array => f !== undefined);
  const n = rows.length + pendingRows.length;
  const screen = Math.max(300, Math.min(2000, Math.floor(4e6 / (n * n + n * d + 1))));
  const local = opts.strategy === 'local';
  const ls = hyper.logLs.map(Math.exp);
  const box = local ? trustRegionBox(ranked[0]!, ls, trustRegionLength(history.observed, d, tr)) : undefined;
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
    // each parameter's range), or it is the same experiment twice.
    spacing: { points: pendingRows, radius: Math.max(1e-3, 0.05 * Math.min(1, trRadius(box))) },
    rng,
    screen,
    refine: 5,
  });
  if (!found) return undefined;
  return { params: fromFeatures(fs, found.x), cache: { ...hyper, n: fittedOn }, source: local ? LOCAL_SOURCE : 'gp' };
}
