import type { Rng } from '../../rng.js';
import type { Params } from '../../space/types.js';
import { paretoOrder } from '../../pareto/crowding.js';
import type { FeatureSpace } from '../features.js';
import type { History } from '../history.js';
import { proposeTpe, type TpeOptions } from '../tpe/tpe.js';
import type { MoHistory } from './history.js';

/**
 * Multi-objective TPE: TPE needs only an order of the trials to split them into a good and a
 * bad group, so the trials are ranked by Pareto rank and then crowding distance (the front
 * first, its most isolated members before its crowded ones) and that position is the value the
 * single-objective TPE sorts by. Running and failed trials join the bad group there.
 */
export function proposeMoTpe(fs: FeatureSpace, history: MoHistory, rng: Rng, taken: ReadonlySet<string>, key: (p: Params) => string, opts: Readonly<TpeOptions>): Params | undefined {
  const order = paretoOrder(history.observed.map((o) => o.ys));
  const position = new Array<number>(order.length);
  order.forEach((i, r) => (position[i] = r));
  const ranked: History = {
    observed: history.observed.map((o, i) => ({ params: o.params, y: position[i]! })),
    pending: history.pending,
    failed: history.failed,
    // Multi-objective sweeps take no constraints (config/parse.ts) and search without costs.
    infeasible: [],
    costs: [],
  };
  return proposeTpe(fs, ranked, rng, taken, key, opts);
}
