import { CoreError } from '../errors.js';
import type { Dimension } from './types.js';
import { cleanMultiple } from './values.js';

// Tolerance for "is a multiple of q" and bound checks: values travel through JSON, YAML and
// other languages, so exact float equality would reject values a trainer echoes back.
const REL_TOL = 1e-9;

function tol(x: number): number {
  return REL_TOL * Math.max(1, Math.abs(x));
}

/** The range of k such that k*q lies in [low, high]. */
export function qIndexRange(dim: Dimension): { first: number; last: number } | undefined {
  if (dim.q === undefined || dim.low === undefined || dim.high === undefined) return undefined;
  let first = Math.ceil(dim.low / dim.q - REL_TOL);
  let last = Math.floor(dim.high / dim.q + REL_TOL);
  // The slack above is relative to q, withinBounds' to the bound, so the two can disagree by one
  // step either way: with min 1e-9 and q 5, k = 0 passes the first and fails the second; with max
  // 0.00999999999 and q 0.01, k = 1 fails the first and passes the second. withinBounds decides.
  const inside = (k: number): boolean => withinBounds(dim, cleanMultiple(k, dim.q!));
  if (!inside(first)) first++;
  else if (inside(first - 1)) first--;
  if (!inside(last)) last--;
  else if (inside(last + 1)) last++;
  return { first, last };
}

/** Snap to the nearest multiple of q, kept inside the bounds when there are bounds. */
export function snapToQ(dim: Dimension, x: number): number {
  if (dim.q === undefined) return x;
  let k = Math.round(x / dim.q);
  const range = qIndexRange(dim);
  if (range) k = Math.min(range.last, Math.max(range.first, k));
  return cleanMultiple(k, dim.q);
}

export function isMultipleOfQ(dim: Dimension, x: number): boolean {
  if (dim.q === undefined) return true;
  return Math.abs(x - cleanMultiple(Math.round(x / dim.q), dim.q)) <= tol(x);
}

export function withinBounds(dim: Dimension, x: number): boolean {
  if (dim.low !== undefined && x < dim.low - tol(dim.low)) return false;
  if (dim.high !== undefined && x > dim.high + tol(dim.high)) return false;
  return true;
}

/**
 * Number of distinct values, or Infinity for continuous or unbounded dimensions. Finite
 * dimensions are what grid search enumerates and what random search de-duplicates against.
 */
export function dimensionCardinality(dim: Dimension): number {
  switch (dim.kind) {
    case 'constant':
      return 1;
    case 'categorical':
      return dim.values?.length ?? 0;
    case 'int':
      return (dim.high ?? 0) - (dim.low ?? 0) + 1;
    case 'float': {
      const range = qIndexRange(dim);
      return range ? Math.max(0, range.last - range.first + 1) : Infinity;
    }
  }
}

export function isDiscrete(dim: Dimension): boolean {
  return Number.isFinite(dimensionCardinality(dim));
}

/** The i-th value in a finite dimension's natural order (declaration order, or ascending). */
export function dimensionValueAt(dim: Dimension, i: number): unknown {
  switch (dim.kind) {
    case 'constant':
      return dim.values?.[0];
    case 'categorical':
      return dim.values?.[i];
    case 'int':
      return (dim.low ?? 0) + i;
    case 'float': {
      const range = qIndexRange(dim);
      if (range && dim.q !== undefined) return cleanMultiple(range.first + i, dim.q);
      throw new CoreError('SPACE_INVALID', `dimension ${dim.name} is continuous and has no i-th value`);
    }
  }
}
