import type { Method, MetricSpec } from '../../config/types.js';
import { admissibleOf } from '../../constraints/admissible.js';
import { isCoreError } from '../../errors.js';
import { proposeAdmissibleRandom } from '../constrained.js';
import type { ModelState } from '../model.js';
import { featureSpace } from '../features.js';
import { GP_DEFAULTS } from '../gp.js';
import { proposeQuasi } from '../quasi.js';
import { paramsKey } from '../random.js';
import { TPE_DEFAULTS } from '../tpe/tpe.js';
import { TR_DEFAULTS } from '../trust-region.js';
import type { Proposal, SamplerContext } from '../types.js';
import { moHistoryOf } from './history.js';
import { proposeEhvi } from './ehvi.js';
import { proposeMoTpe } from './motpe.js';
import { proposeParEgo } from './parego.js';

export interface MoOptions {
  /**
   * The GP method's acquisition: `ehvi` (a GP per objective), `parego` (random scalarizations),
   * or `auto`: EHVI for two objectives, ParEGO for three or four, where it found fronts as good
   * or better (DTLZ2 in 3-D) at a fraction of the cost of Monte Carlo hypervolume improvements.
   */
  gpModel: 'auto' | 'ehvi' | 'parego';
  /** `local`: each scalarization's EI inside a trust region around its incumbent; `global`: everywhere. */
  gpStrategy: 'global' | 'local';
}

export const MO_DEFAULTS: Readonly<MoOptions> = Object.freeze({ gpModel: 'auto', gpStrategy: 'global' });

/**
 * The model-based methods with several objectives (config.objectives): the same Sobol initial
 * design, then EHVI (two objectives) or ParEGO (three or four) under `gp` and `bayes` (while the
 * GP is affordable; ParEGO also where EHVI finds no improving candidate) or Pareto-ranked TPE. `initialDesign` and `gpAffordable` come from
 * samplers/model.ts, so both objective kinds hand over at the same points. Under ParEGO's local
 * strategy the proposal keeps the GP's own source, which the trust region counts to size itself.
 * Constraints act as with one objective: every sampler keeps to the parameter constraints, and
 * infeasible trials (a metric constraint broken, out of memory) count towards the initial design
 * and teach each model where not to go (ehvi.ts, parego.ts, motpe.ts).
 */
export function proposeMultiObjective(method: Method, objectives: readonly MetricSpec[], ctx: SamplerContext<ModelState>, initialDesign: number, gpAffordable: (features: number, n: number) => boolean): Proposal<ModelState> {
  const { config, state, own, rng, taken, options } = ctx;
  const fs = featureSpace(config.space);
  const history = moHistoryOf(state, objectives);
  const admissible = admissibleOf(config);
  if (history.observed.length + history.infeasible.length < initialDesign) return proposeQuasi(ctx);
  const mo = { ...MO_DEFAULTS, ...options.mo };
  const useGp = method === 'gp' || (method === 'bayes' && gpAffordable(fs.dims.length, history.observed.length + history.pending.length));
  if (useGp) {
    if (mo.gpModel === 'ehvi' || (mo.gpModel === 'auto' && objectives.length === 2)) {
      const out = safely(() => proposeEhvi(fs, history, rng, own.moGp, admissible));
      if (out && !taken.has(paramsKey(out.params))) return { params: out.params, own: { ...own, moGp: out.caches }, source: 'ehvi' };
    }
    // ParEGO: the chosen model, or EHVI's fallback where no candidate improves in expectation.
    // Always the tail map: the log map was measured on single objectives only
    // (docs/measurements/output-warping.md), so not even a copy of GP_DEFAULTS turns it on here.
    const gp = { ...GP_DEFAULTS, strategy: mo.gpStrategy, ...options.gp, transform: 'robust' as const };
    const out = safely(() => proposeParEgo(fs, history, rng, own.gp, gp, { ...TR_DEFAULTS, ...options.trustRegion }, admissible));
    if (out && !taken.has(paramsKey(out.params))) return { params: out.params, own: { ...own, gp: out.cache }, source: mo.gpStrategy === 'local' ? out.source : 'parego' };
  }
  const params = proposeMoTpe(fs, history, rng, taken, paramsKey, { ...TPE_DEFAULTS, ...options.tpe }, admissible);
  return params ? { params, source: 'motpe' } : { params: proposeAdmissibleRandom(config, rng, taken, admissible), source: 'random' };
}

function safely<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch (err) {
    if (isCoreError(err, 'NUMERICAL')) return undefined;
    throw err;
  }
}
