import type { Space } from '../space/types.js';
import { sameValue } from '../space/values.js';

/**
 * Conditional spaces in feature space. Every parameter keeps its coordinate; while it is
 * inactive the coordinate holds a fixed value (INACTIVE_REAL, or choice 0), so all points
 * without it agree on it and models see no spurious variation there. An extra activity
 * indicator would carry nothing new: activity is a function of the gating choices, which are
 * categorical features of their own (a gating choice is never treated as ordinal), so the
 * kernel (and TPE's product kernels) already separate the branches. TPE ignores the value
 * (its densities skip inactive features); for the GP it was measured
 * (docs/measurements/conditional-spaces.md): the lower edge beat the centre, where inactive
 * points sit on top of typical active values, and a value outside the cube, which stretched
 * the fitted lengthscales and lost badly on the nested function.
 */

/** One link of a parameter's chain of conditions: feature `feature` must take an allowed choice. */
export interface Gate {
  feature: number;
  allowed: boolean[];
}

export const INACTIVE_REAL = 0;

/**
 * Per space dimension, the gates along its chain of ancestors (empty: always active).
 * `featureOf` maps a space index to its feature index (undefined for constants and one-value
 * choices, which gate nothing: a condition on them always holds, so their link is skipped).
 */
export function gatesOf(space: Space, featureOf: ReadonlyMap<number, number>): Gate[][] {
  const index = new Map(space.map((d, i) => [d.name, i]));
  return space.map((dim) => {
    const gates: Gate[] = [];
    let at = dim;
    for (let depth = 0; at.condition && depth <= space.length; depth++) {
      const p = index.get(at.condition.parent);
      if (p === undefined) break;
      const parent = space[p]!;
      const feature = featureOf.get(p);
      const cond = at.condition;
      if (feature !== undefined) gates.push({ feature, allowed: (parent.values ?? []).map((v) => cond.values.some((w) => sameValue(v, w))) });
      at = parent;
    }
    return gates;
  });
}

export function gatesOpen(gates: readonly Gate[], x: ArrayLike<number>): boolean {
  for (const g of gates) if (!g.allowed[Math.round(x[g.feature]!)]) return false;
  return true;
}
