import type { Method } from '../config/types.js';
import { isCoreError } from '../errors.js';
import type { GpCache } from '../searcher/types.js';
import { featureSpace } from './features.js';
import { GP_DEFAULTS, proposeGp } from './gp.js';
import { costPenalty } from './cost-model.js';
import { budgetLeft } from '../budget/cost-unit.js';
import { historyOf } from './history.js';
import { initQuasi, proposeQuasi, quasiFromV1, type QuasiState } from './quasi.js';
import { paramsKey } from './random.js';
import { proposeAdmissibleRandom } from './constrained.js';
import { admissibleOf } from '../constraints/admissible.js';
import { TPE_DEFAULTS } from './tpe/tpe.js';
import { proposeTpe } from './tpe/tpe.js';
import { TR_DEFAULTS } from './trust-region.js';
import type { Proposal, Sampler, SamplerContext } from './types.js';
import { proposeMultiObjective } from './mo/propose.js';

/** Model-based samplers: a Sobol initial design, then the model; `gp` keeps its last fit. */
export interface ModelState extends QuasiState {
  /** Last fitted GP hyperparameters: a warm start for the next fit, not a cache of the model. */
  gp?: GpCache;
  /** Multi-objective EHVI: the last fit of each objective's GP (samplers/mo). */
  moGp?: GpCache[];
}

/**
 * `bayes` runs the GP while it is affordable: its cost grows with n^3 per ask and its
 * lengthscale fit with the number of features, so very long or very wide sweeps are handed to
 * TPE (linear in n), which also models them reasonably where a stationary GP struggles.
 */
export function gpAffordable(features: number, n: number): boolean {
  return features <= 32 && n <= 400;
}

function safeGp<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch (err) {
    // Numerical failure (e.g. a kernel matrix beyond repair): better a TPE proposal than none.
    if (isCoreError(err, 'NUMERICAL')) return undefined;
    throw err;
  }
}

/** Observations before a model takes over from the space-filling initial design. */
export function initialDesignSize(modelDims: number): number {
  return Math.min(10, Math.max(4, modelDims + 2));
}

function proposeModel(method: Method, ctx: SamplerContext<ModelState>): Proposal<ModelState> {
  const { config, state, own, rng, taken, options } = ctx;
  const fs = featureSpace(config.space);
  if (config.objectives) return proposeMultiObjective(method, config.objectives, ctx, initialDesignSize(fs.dims.length), gpAffordable);
  const history = historyOf(state, config.metric?.goal);
  const admissible = admissibleOf(config);
  // An infeasible trial is information too: it counts towards the initial design.
  if (history.observed.length + history.infeasible.length < initialDesignSize(fs.dims.length)) return proposeQuasi(ctx);
  const useGp = method === 'gp' || (method === 'bayes' && gpAffordable(fs.dims.length, history.observed.length + history.pending.length));
  if (useGp) {
    const left = budgetLeft(config, state);
    // Under a budget the tail map: the cost penalty trades log EI against log cost, a balance
    // measured on that map; with the log map the cost-aware arm lost its lead on two of four
    // functions under a tight budget (docs/measurements/budgets.md).
    const gpOpts = { ...GP_DEFAULTS, ...(left !== undefined ? { transform: 'robust' as const } : {}), ...options.gp };
    const trOpts = { ...TR_DEFAULTS, ...options.trustRegion };
    const out = safeGp(() => proposeGp(fs, history, rng, own.gp, gpOpts, trOpts, admissible, left === undefined ? undefined : costPenalty(fs, history.costs, left)));
    if (out && !taken.has(paramsKey(out.params))) return { params: out.params, own: { ...own, gp: out.cache }, source: out.source };
    // A model that cannot fit (degenerate data) or only re-proposes: TPE takes this ask.
  }
  const params = proposeTpe(fs, history, rng, taken, paramsKey, { ...TPE_DEFAULTS, ...options.tpe }, admissible);
  return params ? { params, source: 'tpe' } : { params: proposeAdmissibleRandom(config, rng, taken, admissible), source: 'random' };
}

function modelSampler(method: 'tpe' | 'gp' | 'bayes', summary: string): Sampler<ModelState> {
  return {
    method,
    summary,
    needsMetric: true,
    usesWarmStart: true,
    avoidsRepeats: true,
    initState: initQuasi,
    fromV1: (v1) => ({ ...quasiFromV1(v1), ...(v1.gp !== undefined ? { gp: v1.gp } : {}) }),
    propose: (ctx) => proposeModel(method, ctx),
  };
}

export const tpeSampler = modelSampler('tpe', 'multivariate tree-structured Parzen estimator after a Sobol initial design');
export const gpSampler = modelSampler('gp', 'Gaussian process (Matérn-5/2 ARD), log-EI in a trust region around the incumbent');
export const bayesSampler = modelSampler('bayes', 'the GP while affordable (≤ 32 features, ≤ 400 trials), TPE beyond');
