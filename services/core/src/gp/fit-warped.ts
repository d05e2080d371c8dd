import { fitHyperScored, type Hyper, type HyperPrior } from './fit.js';
import type { Inputs } from './kernel.js';
import { warpOutputs, type FixedTransform, type OutputTransform } from './output-transform.js';

export interface WarpedFit {
  y: Float64Array;
  hyper: Hyper;
  transform: FixedTransform;
}

export interface WarpedFitOptions {
  prior: HyperPrior;
  /** Warm starts for the hyperparameters (the last fit). */
  starts: Hyper[];
  /** Fit evaluations; 0 reuses starts[0] and the map it was fitted on. */
  budget: number;
  /** The map the reused fit was made on. */
  cachedTransform: FixedTransform | undefined;
  /** Nats per observation the log map must win by before it replaces the robust one. */
  margin: number;
}

const SETTLED = 60;

/** Evaluations of a fit that a reused one cannot stand in for (it was made on another map). */
const REFIT_BUDGET = 20;

/**
 * Fits the GP's hyperparameters on the outputs after a map. `auto` fits both the robust and
 * the log map and keeps the one under which the raw values are more likely: the MAP objective
 * (log marginal likelihood plus the hyperparameters' priors) minus the map's log-Jacobian, so
 * both are densities of the same numbers. The log map must win by `margin` nats per
 * observation: it makes the search greedier, and on multimodal functions a small likelihood
 * gain did not pay for that (docs/measurements/output-warping.md: on Levy-3 the log map alone
 * left 9 of 20 seeds in a local minimum, the tail map 2, this rule 5, at a better median).
 */
export function fitWarped(inp: Inputs, ys: readonly number[], kind: OutputTransform, opts: WarpedFitOptions): WarpedFit {
  const cached = opts.cachedTransform ?? 'robust';
  const fitOn = (transform: FixedTransform): WarpedFit & { score: number } => {
    const w = warpOutputs(ys, transform);
    // A reused fit stands only for the map it was made on.
    const reuse = opts.budget === 0 && transform === cached ? opts.starts[0] : undefined;
    if (reuse) return { y: w.z, hyper: reuse, transform, score: 0 };
    const fit = fitHyperScored(inp, w.z, { prior: opts.prior, starts: opts.starts, maxEvaluations: opts.budget || REFIT_BUDGET });
    const penalty = transform === 'robust' ? 0 : opts.margin * ys.length;
    return { y: w.z, hyper: fit.hyper, transform, score: fit.value - w.logJacobian + penalty };
  };
  if (kind !== 'auto') return fitOn(kind);
  // Past 60 observations a fit costs O(n^3) per evaluation, and the choice has mostly settled
  // (15 functions x 3 seeds run to 120 trials: the map at 60 was the final one in 42 of 45), so
  // the map of the last fit is kept and these refits cost what they cost with one map. A
  // history that arrives that long with no map chosen (an older state, a warm start) chooses once.
  if (opts.budget === 0 || (ys.length > SETTLED && opts.cachedTransform)) return fitOn(cached);
  // The robust map stays unless the log map's score is finite and lower (a NaN or an infinite
  // score, from values near the float limits, never wins).
  const robust = fitOn('robust');
  const log = fitOn('log');
  return Number.isFinite(log.score) && (!Number.isFinite(robust.score) || log.score < robust.score) ? log : robust;
}
