import { Sobol } from '../math/sobol.js';
import { pruneInactive } from '../space/conditions.js';
import { decode } from '../space/encode.js';
import type { RngState } from '../rng.js';
import type { SearcherState } from '../searcher/types.js';
import type { Params, Space } from '../space/types.js';
import { paramsKey } from './random.js';
import { admissibleOf } from '../constraints/admissible.js';
import { proposeAdmissibleRandom } from './constrained.js';

// Sobol points a proposal may skip for breaking a parameter constraint.
const SOBOL_SKIPS = 256;
import type { Proposal, Sampler, SamplerContext, SearcherStateV1 } from './types.js';

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
  // Conditional spaces: the sequence runs in the full dimension and each point keeps only its
  // active coordinates. The points whose parent coordinate falls in one value's bucket are
  // still evenly spread over that branch's children (a slab of a (t,s)-sequence), so each
  // branch gets a low-discrepancy design of its own.
  return pruneInactive(space, params);
}

/** State of the scrambled Sobol sequence, shared by every method whose design starts with it. */
export interface QuasiState {
  /** Seed of the scramble; absent in states from before it existed. */
  sobolSeed?: number;
  /** Points of the sequence used so far. */
  sobolIndex?: number;
}

/** A seed for the Sobol scramble from a fresh rng's words, independent of its later draws. */
export function initQuasi(rng: RngState): QuasiState {
  return { sobolSeed: (rng.s[1] ^ Math.imul(rng.s[3], 0x9e3779b1)) >>> 0 };
}

export function quasiFromV1(v1: SearcherStateV1): QuasiState {
  return { ...(v1.sobolSeed !== undefined ? { sobolSeed: v1.sobolSeed } : {}), ...(v1.sobolIndex !== undefined ? { sobolIndex: v1.sobolIndex } : {}) };
}

export function sobolSeedOf(own: QuasiState, state: SearcherState): number {
  // States persisted before Sobol existed have no seed: derive one from the rng words.
  return own.sobolSeed ?? (state.rng.s[0] ^ state.rng.s[2]) >>> 0;
}

/** The next Sobol point (or, where the sequence revisits a taken point, a random open one). */
export function proposeQuasi<S extends QuasiState>(ctx: SamplerContext<S>): Proposal<S> {
  const { config, own, rng, taken } = ctx;
  const admissible = admissibleOf(config);
  let index = own.sobolIndex ?? 0;
  let params = quasiRandomParams(config.space, sobolSeedOf(own, ctx.state), index);
  // Under parameter constraints the sequence skips the points they rule out (a scrambled
  // Sobol sequence stays well spread on the allowed region); a long run of them hands over
  // to rejection sampling.
  for (let skipped = 0; admissible && !admissible(params) && skipped < SOBOL_SKIPS; skipped++) {
    index++;
    params = quasiRandomParams(config.space, sobolSeedOf(own, ctx.state), index);
  }
  // In small discrete spaces the sequence revisits points; random then finds an open one.
  const chosen = taken.has(paramsKey(params)) || (admissible && !admissible(params)) ? proposeAdmissibleRandom(config, rng, taken, admissible) : params;
  return { params: chosen, own: { ...own, sobolIndex: index + 1 }, source: 'sobol' };
}

/** Scrambled Sobol: a low-discrepancy sequence that covers the space more evenly than random. */
export const sobolSampler: Sampler<QuasiState> = {
  method: 'sobol',
  summary: 'scrambled Sobol sequence: covers the space more evenly than random',
  needsMetric: false,
  usesWarmStart: false,
  avoidsRepeats: true,
  initState: initQuasi,
  fromV1: quasiFromV1,
  propose: proposeQuasi,
};
