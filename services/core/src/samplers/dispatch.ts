import type { SweepConfig } from '../config/types.js';
import type { Rng } from '../rng.js';
import type { SearcherState } from '../searcher/types.js';
import { samplerOf } from './registry.js';
import type { Proposal, SamplerOptions } from './types.js';

export { gpAffordable, initialDesignSize } from './model.js';
export type { Proposal } from './types.js';

/**
 * The next trial's params from the configured method's sampler (samplers/registry.ts);
 * undefined when the method has nothing to start right now (PBT between exploits).
 */
export function proposeNext(config: SweepConfig, state: SearcherState, rng: Rng, taken: ReadonlySet<string>, options: SamplerOptions = {}): Proposal | undefined {
  return samplerOf(config.method).propose({ config, state, own: state.sampler, rng, taken, options });
}
