import type { Rng } from '../rng.js';
import { gridPointAt, gridSize } from '../space/grid.js';
import { sampleParams } from '../space/sample.js';
import type { Params, Space } from '../space/types.js';
import { canonicalJson } from '../space/values.js';
import type { Sampler } from './types.js';
import { proposeAdmissibleRandom } from './constrained.js';

// Fresh draws before falling back to enumerating what is left.
const RETRIES = 16;
// Beyond this many points, enumeration costs more than an occasional duplicate.
const ENUMERATION_LIMIT = 100_000;

export function paramsKey(params: Params): string {
  return canonicalJson(params);
}

/**
 * A random point that avoids `taken` while the (finite) space still has unexplored points.
 * Once everything has been tried, duplicates are allowed: random search never runs dry.
 */
export function proposeRandom(space: Space, rng: Rng, taken: ReadonlySet<string>): Params {
  const size = gridSize(space);
  let params = sampleParams(space, rng);
  if (!Number.isFinite(size) || taken.size >= size || !taken.has(paramsKey(params))) return params;
  for (let i = 1; i < RETRIES; i++) {
    params = sampleParams(space, rng);
    if (!taken.has(paramsKey(params))) return params;
  }
  if (size > ENUMERATION_LIMIT) return params;
  // Crowded space: pick uniformly among the unexplored points (ignores categorical
  // probabilities, which matters little once most of the space is taken).
  const open: number[] = [];
  for (let i = 0; i < size; i++) if (!taken.has(paramsKey(gridPointAt(space, i)))) open.push(i);
  // Nothing open: a choice list with repeated values has fewer distinct points than gridSize.
  if (open.length === 0) return params;
  return gridPointAt(space, open[rng.int(0, open.length - 1)]!);
}

/** Independent draws from each parameter's distribution; no state of its own. */
export const randomSampler: Sampler<Record<string, never>> = {
  method: 'random',
  summary: 'independent draws from each parameter’s distribution (avoids repeats in finite spaces)',
  needsMetric: false,
  usesWarmStart: false,
  avoidsRepeats: true,
  initState: () => ({}),
  fromV1: () => ({}),
  propose: ({ config, rng, taken }) => ({ params: proposeAdmissibleRandom(config, rng, taken) }),
};
