import type { SweepConfig } from '../config/types.js';
import { isCoreError } from '../errors.js';
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
  /** PBT: resume from this trial's checkpoint. */
  restore?: { trial: number; step: number };
}

/**
 * `bayes` runs the GP while it is affordable: its cost grows with n^3 per ask and its
 * lengthscale fit with the number of features, so very long or very wide sweeps are handed to
 * TPE (linear in n), which also models them reasonably where a stationary GP struggles.
 */
export function gpAffordable(features: number, n: number): boolean {
  return features <= 32 && n <= 400;
}

function safeGp<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch (err) {
    // Numerical failure (e.g. a kernel matrix beyond repair): better a TPE proposal than none.
    if (isCoreError(err, 'NUMERICAL')) return undefined;
    throw err;
  }
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

/**
 * PBT: queued children first; otherwise founders (spread out quasi-randomly) until the
 * population is complete; otherwise nothing, until an exploit decision queues a child.
 */
function pbt(config: SweepConfig, state: SearcherState, rng: Rng, taken: ReadonlySet<string>): Proposal | undefined {
  const queue = state.pbtQueue ?? [];
  const head = queue[0];
  if (head) return { params: head.params, restore: head.restore, patch: { pbtQueue: queue.slice(1) }, source: 'pbt-exploit' };
  const founders = Object.values(state.trials).filter((t) => t.restore === undefined).length;
  if (founders >= (config.pbt?.populationSize ?? 8)) return undefined;
  return { ...quasi(config, state, rng, taken), source: 'pbt-founder' };
}

/**
 * The next trial's params for every method except grid (which the searcher enumerates);
 * undefined when the method has nothing to start right now (PBT between exploits).
 */
export function proposeNext(config: SweepConfig, state: SearcherState, rng: Rng, taken: ReadonlySet<string>): Proposal | undefined {
  switch (config.method) {
    case 'random':
      return { params: proposeRandom(config.space, rng, taken), patch: {} };
    case 'pbt':
      return pbt(config, state, rng, taken);
    case 'sobol':
      return quasi(config, state, rng, taken);
    case 'tpe':
    case 'gp':
    case 'bayes': {
      const fs = featureSpace(config.space);
      const history = historyOf(state, config.metric?.goal);
      if (history.observed.length < initialDesignSize(fs.dims.length)) return quasi(config, state, rng, taken);
      const useGp = config.method === 'gp' || (config.method === 'bayes' && gpAffordable(fs.dims.length, history.observed.length + history.pending.length));
      if (useGp) {
        const out = safeGp(() => proposeGp(fs, history, rng, state.gp));
        if (out && !taken.has(paramsKey(out.params))) return { params: out.params, patch: { gp: out.cache }, source: out.source };
        // A model that cannot fit (degenerate data) or only re-proposes: TPE takes this ask.
      }
      const params = proposeTpe(fs, history, rng, taken, paramsKey);
      return params ? { params, patch: {}, source: 'tpe' } : { params: proposeRandom(config.space, rng, taken), patch: {}, source: 'random' };
    }
    default:
      return { params: proposeRandom(config.space, rng, taken), patch: {} };
  }
}
