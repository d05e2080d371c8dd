import { activeNames } from './conditions.js';
import { isMultipleOfQ, withinBounds } from './dimension.js';
import type { Dimension, Params, Space } from './types.js';
import { sameValue } from './values.js';

export function isValidValue(dim: Dimension, value: unknown): boolean {
  switch (dim.kind) {
    case 'constant':
      return sameValue(dim.values?.[0], value);
    case 'categorical':
      return (dim.values ?? []).some((v) => sameValue(v, value));
    case 'int':
      return typeof value === 'number' && Number.isInteger(value) && withinBounds(dim, value);
    case 'float': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return false;
      // q_log_normal can round small values down to 0, which is still a legal draw.
      if (dim.scale === 'log' && (dim.q === undefined ? value <= 0 : value < 0)) return false;
      return withinBounds(dim, value) && isMultipleOfQ(dim, value);
    }
  }
}

/**
 * Exactly the space's active names (all of them without conditions), each with a value the
 * space can produce.
 */
export function isValidParams(space: Space, params: Params): boolean {
  if (typeof params !== 'object' || params === null) return false;
  const names = activeNames(space, params);
  if (Object.keys(params).some((k) => !names.has(k))) return false;
  return space.every((dim) => !names.has(dim.name) || (dim.name in params && isValidValue(dim, params[dim.name])));
}
