import type { Params } from '../../space/types.js';
import { toFeatures, type FeatureSpace } from '../features.js';
import { buildParzen, logDensity } from './parzen.js';

/**
 * Constraint-aware TPE's feasibility weight: log P(feasible | x) from two Parzen estimators,
 * f over feasible trials and i over infeasible ones, by Bayes' rule with the counts as the
 * class prior: P = n_f f(x) / (n_f f(x) + n_i i(x)). Added to log l(x)/g(x), it keeps
 * candidates from the good group's kernels that reach into a region known to fail (an
 * out-of-memory corner next to the best trials), which the bad group alone dilutes among
 * ordinary bad trials. Undefined while no trial was infeasible.
 */
export function feasibilityWeight(
  fs: FeatureSpace,
  rows: readonly { x: Float64Array; feasible: boolean }[],
  infeasibleParams: readonly Params[],
  priorWeight: number,
): ((x: Float64Array) => number) | undefined {
  const ok = rows.filter((r) => r.feasible).map((r) => r.x);
  const bad = rows.filter((r) => !r.feasible).map((r) => r.x);
  for (const p of infeasibleParams) {
    const x = toFeatures(fs, p);
    if (x) bad.push(x);
  }
  if (bad.length === 0) return undefined;
  const f = buildParzen(fs, ok, priorWeight);
  const i = buildParzen(fs, bad, priorWeight);
  const logNf = Math.log(ok.length + 1);
  const logNi = Math.log(bad.length + 1);
  return (x) => {
    const a = logNf + logDensity(f, x);
    const b = logNi + logDensity(i, x);
    const m = Math.max(a, b);
    return a - (m + Math.log(Math.exp(a - m) + Math.exp(b - m)));
  };
}
