import type { Rng } from '../rng.js';
import { completeActive, hasConditions } from './conditions.js';
import { snapToQ } from './dimension.js';
import type { Dimension, Params, Space } from './types.js';

function clampToBounds(dim: Dimension, x: number): number {
  // exp(log(high)) can land one ulp above high; never hand out a value the space rejects.
  if (dim.low !== undefined && x < dim.low) return dim.low;
  if (dim.high !== undefined && x > dim.high) return dim.high;
  return x;
}

function sampleFloat(dim: Dimension, rng: Rng): number {
  const mu = dim.mu ?? 0;
  const sigma = dim.sigma ?? 1;
  if (dim.a !== undefined || dim.b !== undefined) {
    return snapToQ(dim, rng.beta(dim.a ?? 1, dim.b ?? 1));
  }
  if (dim.low === undefined || dim.high === undefined) {
    const z = mu + sigma * rng.normal();
    return snapToQ(dim, dim.scale === 'log' ? Math.exp(z) : z);
  }
  const u = rng.float();
  const x =
    dim.scale === 'log'
      ? Math.exp(Math.log(dim.low) + u * (Math.log(dim.high) - Math.log(dim.low)))
      : dim.low + u * (dim.high - dim.low);
  return snapToQ(dim, clampToBounds(dim, x));
}

export function sampleDimension(dim: Dimension, rng: Rng): unknown {
  switch (dim.kind) {
    case 'constant':
      return dim.values?.[0];
    case 'categorical': {
      const values = dim.values ?? [];
      const index = dim.probabilities ? rng.weighted(dim.probabilities) : rng.int(0, values.length - 1);
      return values[index];
    }
    case 'int':
      return rng.int(dim.low ?? 0, dim.high ?? 0);
    case 'float':
      return sampleFloat(dim, rng);
  }
}

/**
 * One independent draw per dimension, in space order (the order is part of determinism). In a
 * conditional space only active dimensions are drawn, each parent before its children.
 */
export function sampleParams(space: Space, rng: Rng): Params {
  if (hasConditions(space)) return completeActive(space, {}, (dim) => sampleDimension(dim, rng));
  const params: Params = {};
  for (const dim of space) params[dim.name] = sampleDimension(dim, rng);
  return params;
}
