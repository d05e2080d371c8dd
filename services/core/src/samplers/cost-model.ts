import { defaultPrior, fitHyper } from '../gp/fit.js';
import { standardize } from '../gp/output-transform.js';
import { Posterior } from '../gp/posterior.js';
import type { Params } from '../space/types.js';
import { toFeatures, type FeatureSpace } from './features.js';
import { inputsOf } from './gp.js';

/** A finished trial's cost in the budget's unit. */
export interface CostObservation { params: Params; cost: number }

/** Fewer costs than this say too little about where trials are cheap. */
export const MIN_COSTS = 4;

/**
 * Cost-aware acquisition with cost cooling (Lee, Eriksson, Perrone & Seeger 2020, "Cost-aware
 * Bayesian optimization"): the GP's log EI gets −α · log ĉ(x) added, i.e. EI / ĉ(x)^α, where
 * ĉ is a GP fitted to the log costs of finished trials and α is the share of the budget left.
 * Early on, while much is left, expensive regions must promise proportionally more; as the
 * budget runs out α falls to 0 and the search is plain EI again. Plain EI per unit cost (α = 1
 * throughout) is known to stay in cheap regions too long; the cooling is what avoids that.
 * Returns undefined when there is nothing to learn: too few costs, or all about the same.
 */
export function costPenalty(fs: FeatureSpace, costs: readonly CostObservation[], alpha: number): ((x: Float64Array, grad?: Float64Array) => number) | undefined {
  if (alpha <= 0) return undefined;
  const rows: Float64Array[] = [];
  const raw: number[] = [];
  for (const c of costs) {
    const f = toFeatures(fs, c.params);
    if (f && Number.isFinite(c.cost) && c.cost >= 0) {
      rows.push(f);
      raw.push(c.cost);
    }
  }
  if (rows.length < MIN_COSTS) return undefined;
  const positive = raw.filter((c) => c > 0).sort((a, b) => a - b);
  if (positive.length < MIN_COSTS) return undefined;
  // Zero-cost trials (e.g. ones that failed at once) would be -Infinity in log space.
  const floor = positive[Math.floor(positive.length / 2)]! * 1e-3;
  const logs = raw.map((c) => Math.log(Math.max(c, floor)));
  const spread = Math.max(...logs) - Math.min(...logs);
  if (spread < Math.log(1.2)) return undefined;
  const mean = logs.reduce((a, b) => a + b, 0) / logs.length;
  const sd = Math.sqrt(logs.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, logs.length - 1)) || 1;
  const y = standardize(logs);
  const inp = inputsOf(fs, rows);
  const post = new Posterior(inp, y, fitHyper(inp, y, { prior: defaultPrior(fs.dims.length), starts: [], maxEvaluations: 40 }));
  const dMean = new Float64Array(fs.dims.length);
  const dVar = new Float64Array(fs.dims.length);
  return (x, grad) => {
    if (!grad) return -alpha * sd * post.predict(x).mean;
    const p = post.predictWithGrad(x, dMean, dVar);
    for (let j = 0; j < grad.length; j++) grad[j] = -alpha * sd * dMean[j]!;
    return -alpha * sd * p.mean;
  };
}
