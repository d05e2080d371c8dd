import type { Admissible } from '../../constraints/admissible.js';
import type { Rng } from '../../rng.js';
import type { Params } from '../../space/types.js';
import { paretoOrder } from '../../pareto/crowding.js';
import type { FeatureSpace } from '../features.js';
import type { History, Observation } from '../history.js';
import { proposeTpe, type TpeOptions } from '../tpe/tpe.js';
import type { MoHistory } from './history.js';

/**
 * Multi-objective TPE: TPE needs only an order of the trials to split them into a good and a
 * bad group, so the trials are ranked by Pareto rank and then crowding distance (the front
 * first, its most isolated members before its crowded ones) and that position is the value the
 * single-objective TPE sorts by. Running and failed trials join the bad group there.
 * Feasible trials are ranked among themselves, infeasible ones after them all (a broken
 * constraint must not push a feasible trial off the front), and both kinds of infeasible trial
 * feed TPE's feasibility weight (tpe/feasibility.ts).
 */
export function proposeMoTpe(fs: FeatureSpace, history: MoHistory, rng: Rng, taken: ReadonlySet<string>, key: (p: Params) => string, opts: Readonly<TpeOptions>, admissible?: Admissible): Params | undefined {
  const feasible = history.observed.filter((o) => o.infeasible !== true);
  const infeasible = history.observed.filter((o) => o.infeasible === true);
  const ranked = (list: typeof feasible, offset: number, flag: boolean): Observation[] => {
    const position = new Array<number>(list.length);
    paretoOrder(list.map((o) => o.ys)).forEach((i, r) => (position[i] = offset + r));
    return list.map((o, i) => ({ params: o.params, y: position[i]!, ...(flag ? { infeasible: true as const } : {}) }));
  };
  const scalar: History = {
    observed: [...ranked(feasible, 0, false), ...ranked(infeasible, feasible.length, true)],
    pending: history.pending,
    failed: history.failed,
    infeasible: history.infeasible,
    // Multi-objective sweeps search without costs.
    costs: [],
  };
  return proposeTpe(fs, scalar, rng, taken, key, opts, admissible);
}
