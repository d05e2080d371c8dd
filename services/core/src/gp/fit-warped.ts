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

const AUTO_CANDIDATES: readonly FixedTransform[] = ['robust', 'log'];
const SETTLED = 60;

/**
 * Fits the GP's hyperparameters on the outputs after a map. `auto` fits both the robust and
 * the log map and keeps the one under which the raw values are more likely (the MAP
 * objective minus the map's log-Jacobian, so both are densities of the same numbers). The
 * log map must win by `margin` nats per observation: it makes the search greedier, and on
 * multimodal functions a small likelihood gain did not pay for that (Levy-3: 8 of 20 seeds
 * stuck in a local minimum without the margin, 2 with it, as with the robust map alone;
 * docs/measurements/output-warping.md).
 */
export function fitWarped(inp: Inputs, ys: readonly number[], kind: OutputTransform, opts: WarpedFitOptions): WarpedFit {
  const reuse = opts.budget === 0 ? opts.starts[0] : undefined;
  const fitOn = (transform: FixedTransform): WarpedFit & { score: number } => {
    const w = warpOutputs(ys, transform);
    if (reuse) return { y: w.z, hyper: reuse, transform, score: 0 };
    const fit = fitHyperScored(inp, w.z, { prior: opts.prior, starts: opts.starts, maxEvaluations: opts.budget });
    const penalty = transform === 'robust' ? 0 : opts.margin * ys.length;
    return { y: w.z, hyper: fit.hyper, transform, score: fit.value - w.logJacobian + penalty };
  };
  if (kind !== 'auto') return fitOn(kind);
  // Past 60 observations a fit costs O(n^3) per evaluation, and the choice has mostly settled
  // (15 functions x 3 seeds run to 120 trials: the map at 60 was the final one in 42 of 45), so
  // the map of the last fit is kept and these refits cost what they cost with one map.
  if (reuse || (ys.length > SETTLED && opts.cachedTransform)) return fitOn(opts.cachedTransform ?? 'robust');
  let best: (WarpedFit & { score: number }) | undefined;
  for (const t of AUTO_CANDIDATES) {
    const f = fitOn(t);
    if (!best || f.score < best.score) best = f;
  }
  const { y, hyper, transform } = best!;
  return { y, hyper, transform };
}
