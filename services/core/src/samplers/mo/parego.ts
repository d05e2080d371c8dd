import type { Admissible } from '../../constraints/admissible.js';
import type { Rng } from '../../rng.js';
import type { GpCache } from '../../searcher/types.js';
import type { FeatureSpace } from '../features.js';
import { proposeGp, type GpOptions, type GpProposal } from '../gp.js';
import type { History, Observation } from '../history.js';
import type { TrustRegionOptions } from '../trust-region.js';
import type { MoHistory } from './history.js';
import { chebyshev, objectiveRanges, simplexWeights } from './scalarize.js';

/**
 * Multi-objective GP by random scalarizations (ParEGO, Knowles 2006): each ask draws a weight
 * vector, turns every finished trial into one augmented-Chebyshev value and runs the
 * single-objective GP on it (its fit, log-EI, trust region and pending-trial believers). Over
 * many asks the weights cover the simplex, so the proposals spread along the whole front. Runs
 * sweeps of three or four objectives and stands in where EHVI finds no improving candidate (see
 * samplers/mo/propose.ts and docs/measurements/multi-objective.md). Under constraints the
 * scalarized search is the single-objective constrained one: EI × P(feasible), the incumbent
 * the best feasible scalar, and parameter constraints respected.
 */
export function proposeParEgo(
  fs: FeatureSpace,
  history: MoHistory,
  rng: Rng,
  cache: GpCache | undefined,
  gp: Readonly<GpOptions>,
  tr: Readonly<TrustRegionOptions>,
  admissible?: Admissible,
): GpProposal | undefined {
  const m = history.observed[0]?.ys.length ?? 0;
  if (m === 0) return undefined;
  const weights = simplexWeights(m, rng);
  const range = objectiveRanges(history.observed.map((o) => o.ys));
  const scalarOf = (o: NonNullable<MoHistory['sequence']>[number]): Observation => ({
    params: o.params,
    y: o.ys ? chebyshev(o.ys, weights, range) : Infinity,
    ...(o.source ? { source: o.source } : {}),
    ...(o.concurrent ? { concurrent: o.concurrent } : {}),
    ...(o.infeasible ? { infeasible: true as const } : {}),
  });
  const scalar: History = {
    observed: history.observed.map(scalarOf),
    pending: history.pending,
    failed: history.failed,
    infeasible: history.infeasible,
    // Multi-objective sweeps search without costs.
    costs: [],
    // The trust region counts an infeasible proposal as a failure, as with one objective.
    ...(history.sequence ? { replay: history.sequence.map((o) => ({ ...scalarOf(o), ...(o.infeasible ? { y: Infinity } : {}) })) } : {}),
  };
  return proposeGp(fs, scalar, rng, cache, gp, tr, admissible);
}
