import { CoreError } from '../errors.js';
import { hasConditions } from './conditions.js';
import { conditionalGridPointAt, conditionalGridSize } from './conditional-grid.js';
import { dimensionCardinality, dimensionValueAt } from './dimension.js';
import type { Params, Space } from './types.js';

/**
 * Number of grid points: the product of cardinalities, Infinity if any dimension is continuous;
 * a conditional space counts its tree of distinct points (see conditional-grid).
 */
export function gridSize(space: Space): number {
  if (hasConditions(space)) return conditionalGridSize(space);
  return space.reduce((acc, dim) => acc * dimensionCardinality(dim), 1);
}

/**
 * The index-th grid point, decoded as a mixed-radix number with the LAST dimension varying
 * fastest, i.e. nested loops in declaration order (what W&B's grid does). Computing points by
 * index lets the searcher persist a single cursor instead of the whole grid.
 */
export function gridPointAt(space: Space, index: number): Params {
  const size = gridSize(space);
  if (!Number.isSafeInteger(index) || index < 0 || index >= size) {
    throw new CoreError('SPACE_INVALID', `grid index ${index} is outside [0, ${size})`);
  }
  if (hasConditions(space)) return conditionalGridPointAt(space, index);
  const params: Params = {};
  let rest = index;
  for (let d = space.length - 1; d >= 0; d--) {
    const dim = space[d];
    if (!dim) continue;
    const n = dimensionCardinality(dim);
    params[dim.name] = dimensionValueAt(dim, rest % n);
    rest = Math.floor(rest / n);
  }
  // Rebuild in space order so JSON of a grid point matches JSON of a sampled point.
  const ordered: Params = {};
  for (const dim of space) ordered[dim.name] = params[dim.name];
  return ordered;
}

export function* gridPoints(space: Space): Generator<Params, void, undefined> {
  const size = gridSize(space);
  if (!Number.isFinite(size)) {
    throw new CoreError('SPACE_INVALID', 'grid search needs every dimension to be discrete');
  }
  for (let i = 0; i < size; i++) yield gridPointAt(space, i);
}
