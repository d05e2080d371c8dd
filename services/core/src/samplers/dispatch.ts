import type { SweepConfig } from '../config/types.js';
import type { Rng } from '../rng.js';
import type { SearcherState } from '../searcher/types.js';
import { paramsKey, proposeRandom } from '../searcher/propose.js';
import type { Params } from '../space/types.js';
import { featureSpace } from './features.js';
import { proposeGp } from './gp.js';
import { historyOf } from './history.js';
import { quasiRandomParams } from './quasi.js';
import { proposeTpe } from './tpe/tpe.js';

export interface Proposal {
  params: Params;
  /** State fields the sampler changed (sobol index, model warm starts). */
  patch: Partial<SearcherState>;
  /** Which strategy proposed it (kept on the trial record). */
  source?: string;
}

/** Observations before a model takes over from the space-filling initial design. */
export function initialDesignSize(modelDims: number): number {
  return Math.min(10, Math.max(4, modelDims + 2));
}

export function sobolSeedOf(state: SearcherState): number {
  // States persisted before Sobol existed have no seed: derive one from the rng words.
  return state.sobolSeed ?? (state.rng.s[0] ^ state.rng.s[2]) >>> 0;
}

function quasi(config: SweepConfig, state: SearcherState, rng: Rng, taken: ReadonlySet<string>): Proposal {
  const index = state.sobolIndex ?? 0;
  const params = quasiRandomParams(config.space, sobolSeedOf(state), index);
  // In small discrete spaces the sequence revisits points; random then finds an open one.
  const chosen = taken.has(paramsKey(params)) ? proposeRandom(config.space, rng, taken) : params;
  return { params: chosen, patch: { sobolIndex: index + 1 }, source: 'sobol' };
}

/** The next trial's params for every method except grid (which the searcher enumerates). */
export function proposeNext(config: SweepConfig, state: SearcherState, rng: Rng, taken: ReadonlySet<string>): Proposal {
  switch (config.method) {
    case 'random':
    case 'pbt':
      return { params: proposeRandom(config.space, rng, taken), patch: {} };
    case 'sobol':
      return quasi(config, state, rng, taken);
    case 'tpe': {
      const fs = featureSpace(config.space);
      const history = historyOf(state, config.metric?.goal);
      if (history.observed.length < initialDesignSize(fs.dims.length)) return quasi(config, state, rng, taken);
      const params = proposeTpe(fs, history, rng, taken, paramsKey);
      return params ? { params, patch: {}, source: 'tpe' } : { params: proposeRandom(config.space, rng, taken), patch: {}, source: 'random' };
    }
    case 'gp':
    case 'bayes': {
      const fs = featureSpace(config.space);
      const history = historyOf(state, config.metric?.goal);
      if (history.observed.length < initialDesignSize(fs.dims.length)) return quasi(config, state, rng, taken);
      const out = proposeGp(fs, history, rng, state.gp);
      if (!out || taken.has(paramsKey(out.params))) return { params: proposeRandom(config.space, rng, taken), patch: out ? { gp: out.cache } : {} };
      return { params: out.params, patch: { gp: out.cache }, source: out.source };
    }
    default:
      return { params: proposeRandom(config.space, rng, taken), patch: {} };
  }
}
