import { Sobol } from '../math/sobol.js';
import { decode } from '../space/encode.js';
import type { Params, Space } from '../space/types.js';

/** Sobol generators are pure functions of (d, seed); building one costs ~d*1000 bit ops. */
const generators = new Map<string, Sobol>();

function generator(d: number, seed: number): Sobol {
  const key = `${d}:${seed}`;
  let g = generators.get(key);
  if (!g) {
    if (generators.size > 64) generators.clear();
    g = new Sobol(d, seed);
    generators.set(key, g);
  }
  return g;
}

/**
 * The index-th scrambled Sobol point decoded through the space. Categorical choices with
 * probabilities are picked by their cumulative weights, so quasi-random search respects
 * `categorical_w_probabilities` as random search does.
 */
export function quasiRandomParams(space: Space, seed: number, index: number): Params {
  const u = generator(space.length, seed).point(index);
  const params = decode(space, u);
  space.forEach((dim, i) => {
    if (dim.kind !== 'categorical' || !dim.probabilities) return;
    const total = dim.probabilities.reduce((a, b) => a + b, 0);
    let acc = 0;
    const target = u[i]! * total;
    let pick = dim.probabilities.length - 1;
    for (let k = 0; k < dim.probabilities.length; k++) {
      acc += dim.probabilities[k]!;
      if (target < acc) {
        pick = k;
        break;
      }
    }
    params[dim.name] = dim.values?.[pick];
  });
  return params;
}
