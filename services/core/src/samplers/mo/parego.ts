import type { Rng } from '../../rng.js';
import type { GpCache } from '../../searcher/types.js';
import type { FeatureSpace } from '../features.js';
import { proposeGp, type GpOptions, type GpProposal } from '../gp.js';
import type { History } from '../history.js';
import type { TrustRegionOptions } from '../trust-region.js';
import type { MoHistory } from './history.js';
import { chebyshev, objectiveRanges, simplexWeights } from './scalarize.js';

/**
 * Multi-objective GP by random scalarizations (ParEGO, Knowles 2006): each ask draws a weight
 * vector, turns every finished trial into one augmented-Chebyshev value and runs the
 * single-objective GP on it (its fit, log-EI, trust region and pending-trial believers). Over
 * many asks the weights cover the simplex, so the proposals spread along the whole front. Runs
 * sweeps of three or four objectives and stands in where EHVI finds no improving candidate (see
 * samplers/mo/propose.ts and docs/measurements/multi-objective.md).
 */
export function proposeParEgo(
  fs: FeatureSpace,
  history: MoHistory,
  rng: Rng,
  cache: GpCache | undefined,
  gp: Readonly<GpOptions>,
  tr: Readonly<TrustRegionOptions>,
): GpProposal | undefined {
  const m = history.observed[0]?.ys.length ?? 0;
  if (m === 0) return undefined;
  const weights = simplexWeights(m, rng);
  const range = objectiveRanges(history.observed.map((o) => o.ys));
  const scalar: History = {
    observed: history.observed.map((o) => ({ params: o.params, y: chebyshev(o.ys, weights, range), ...(o.source ? { source: o.source } : {}), ...(o.concurrent ? { concurrent: o.concurrent } : {}) })),
    pending: history.pending,
    failed: history.failed,
    // Multi-objective sweeps take no constraints (config/parse.ts) and search without costs.
    infeasible: [],
    costs: [],
  };
  return proposeGp(fs, scalar, rng, cache, gp, tr);
}
