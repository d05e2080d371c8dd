import { gridSampler } from './grid.js';
import { bayesSampler, gpSampler, tpeSampler } from './model.js';
import { pbtSampler } from './pbt.js';
import { sobolSampler } from './quasi.js';
import { randomSampler } from './random.js';
import type { Sampler } from './types.js';

/**
 * Every search method, in the order configs and docs list them. Adding a method = its sampler
 * file + one entry here (dispatch, the config's method check, the README table test and the
 * conformance tests all read this).
 */
export const METHODS = ['grid', 'random', 'sobol', 'tpe', 'gp', 'bayes', 'pbt'] as const;
export type Method = (typeof METHODS)[number];

/** Own-state type of each method's sampler (what `SearcherState.sampler` holds). */
export interface SamplerStates {
  grid: Record<string, never>;
  random: Record<string, never>;
  sobol: import('./quasi.js').QuasiState;
  tpe: import('./model.js').ModelState;
  gp: import('./model.js').ModelState;
  bayes: import('./model.js').ModelState;
  pbt: import('./pbt.js').PbtState;
}

export const SAMPLERS: { readonly [M in Method]: Sampler<SamplerStates[M]> } = {
  grid: gridSampler,
  random: randomSampler,
  sobol: sobolSampler,
  tpe: tpeSampler,
  gp: gpSampler,
  bayes: bayesSampler,
  pbt: pbtSampler,
};

/** The sampler of `method`, with its state type erased (the dispatch's view). */
export function samplerOf(method: Method): Sampler<unknown> {
  return SAMPLERS[method] as Sampler<unknown>;
}
