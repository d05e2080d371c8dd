import { CoreError } from '../errors.js';
import { dimensionCardinality, snapToQ } from './dimension.js';
import { normalCdf, normalQuantile } from './normal-cdf.js';
import type { Dimension, Params, Space } from './types.js';
import { sameValue } from './values.js';

// Keeps the quantile finite at the cube's faces: u = 0 would decode to -Infinity.
const U_MIN = 1e-300;
const U_MAX = 1 - Number.EPSILON / 2;

function clamp01(u: number): number {
  return Math.min(1, Math.max(0, u));
}

function numberParam(dim: Dimension, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new CoreError('PARAMS_INVALID', `${dim.name} must be a finite number, got ${JSON.stringify(value)}`);
  }
  return value;
}

function isUnbounded(dim: Dimension): boolean {
  return dim.low === undefined || dim.high === undefined;
}

export function encodeDimension(dim: Dimension, value: unknown): number {
  switch (dim.kind) {
    case 'constant':
      return 0.5;
    case 'categorical': {
      const values = dim.values ?? [];
      const index = values.findIndex((v) => sameValue(v, value));
      if (index < 0) {
        throw new CoreError('PARAMS_INVALID', `${dim.name}: ${JSON.stringify(value)} is not one of its values`);
      }
      // Bucket centres: decoding floor(u*n) is then robust to small perturbations.
      return (index + 0.5) / values.length;
    }
    case 'int': {
      const x = numberParam(dim, value);
      return clamp01((x - (dim.low ?? 0) + 0.5) / dimensionCardinality(dim));
    }
    case 'float': {
      const x = numberParam(dim, value);
      if (isUnbounded(dim)) {
        const t = dim.scale === 'log' ? Math.log(Math.max(x, 0)) : x;
        return clamp01(normalCdf((t - (dim.mu ?? 0)) / (dim.sigma ?? 1)));
      }
      const low = dim.low ?? 0;
      const high = dim.high ?? 1;
      if (dim.scale === 'log') {
        return clamp01((Math.log(x) - Math.log(low)) / (Math.log(high) - Math.log(low)));
      }
      return clamp01((x - low) / (high - low));
    }
  }
}

export function decodeDimension(dim: Dimension, u: number): unknown {
  if (!Number.isFinite(u)) throw new CoreError('PARAMS_INVALID', `${dim.name}: coordinate ${u} is not finite`);
  const v = clamp01(u);
  switch (dim.kind) {
    case 'constant':
      return dim.values?.[0];
    case 'categorical': {
      const values = dim.values ?? [];
      return values[Math.min(values.length - 1, Math.floor(v * values.length))];
    }
    case 'int': {
      const n = dimensionCardinality(dim);
      return (dim.low ?? 0) + Math.min(n - 1, Math.floor(v * n));
    }
    case 'float': {
      if (isUnbounded(dim)) {
        const t = (dim.mu ?? 0) + (dim.sigma ?? 1) * normalQuantile(Math.min(U_MAX, Math.max(U_MIN, v)));
        return snapToQ(dim, dim.scale === 'log' ? Math.exp(t) : t);
      }
      const low = dim.low ?? 0;
      const high = dim.high ?? 1;
      const x =
        dim.scale === 'log'
          ? Math.exp(Math.log(low) + v * (Math.log(high) - Math.log(low)))
          : low + v * (high - low);
      return snapToQ(dim, Math.min(high, Math.max(low, x)));
    }
  }
}

/** Params to the unit cube, one coordinate per dimension in space order (constants give 0.5). */
export function encode(space: Space, params: Params): number[] {
  return space.map((dim) => {
    if (!(dim.name in params)) throw new CoreError('PARAMS_INVALID', `missing parameter ${dim.name}`);
    return encodeDimension(dim, params[dim.name]);
  });
}

export function decode(space: Space, u: readonly number[]): Params {
  if (u.length !== space.length) {
    throw new CoreError('PARAMS_INVALID', `expected ${space.length} coordinates, got ${u.length}`);
  }
  const params: Params = {};
  space.forEach((dim, i) => {
    params[dim.name] = decodeDimension(dim, u[i] ?? 0);
  });
  return params;
}
