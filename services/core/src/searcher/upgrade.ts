import type { SweepConfig } from '../config/types.js';
import { CoreError } from '../errors.js';
import { samplerOf } from '../samplers/registry.js';
import type { SearcherStateV1 } from '../samplers/types.js';
import type { SearcherState } from './types.js';

/** Top-level fields of a version-1 state that moved into `sampler` (each sampler's own state). */
const V1_SAMPLER_FIELDS = ['sobolSeed', 'sobolIndex', 'gp', 'pbtQueue'];

/**
 * A persisted searcher state in the current shape. Version 1 (before samplers kept their own
 * state) kept the Sobol seed/index, the GP warm start and PBT's queue at the top level; they
 * move to `state.sampler`, shaped by the sweep's method, so an old sweep continues exactly
 * where it stopped. Current states come back as they are; anything else is left for the
 * searcher's own check (STATE_INVALID). Pure: the input is not modified.
 */
export function upgradeSearcherState(config: Pick<SweepConfig, 'method'>, state: unknown): SearcherState {
  if (typeof state !== 'object' || state === null || (state as { version?: unknown }).version !== 1) return state as SearcherState;
  const v1 = state as SearcherStateV1;
  const rng = v1.rng as unknown;
  if (typeof rng !== 'object' || rng === null || !Array.isArray((rng as { s?: unknown }).s)) {
    throw new CoreError('STATE_INVALID', 'searcher state is malformed or from an unknown version');
  }
  const rest: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(v1)) if (!V1_SAMPLER_FIELDS.includes(k) && k !== 'version') rest[k] = v;
  return { ...(rest as Omit<SearcherState, 'version' | 'sampler'>), version: 2, sampler: samplerOf(config.method).fromV1(v1) as SearcherState['sampler'] };
}
