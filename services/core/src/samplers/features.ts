import { gatingNames, hasConditions } from '../space/conditions.js';
import { dimensionCardinality, isDiscrete } from '../space/dimension.js';
import { decodeDimension, encodeDimension } from '../space/encode.js';
import type { Dimension, Params, Space } from '../space/types.js';
import { sameValue } from '../space/values.js';
import { gatesOf, gatesOpen, INACTIVE_REAL, type Gate } from './feature-gates.js';

/**
 * How a model sees a space: one coordinate per parameter that can vary.
 * - `real`: the unit-cube coordinate (log scales and normal priors already handled by the
 *   space encoding); `levels` > 0 when only finitely many values exist (int, q).
 * - `ordinal`: a numeric choice list (batch sizes, layer counts): its values are ordered, so
 *   the coordinate is the rank spread over [0, 1] and neighbours are similar.
 * - `cat`: an unordered choice; the coordinate is the choice index and models compare
 *   choices only as equal or different.
 */
export interface FeatureDim {
  kind: 'real' | 'ordinal' | 'cat';
  /** Index into the space. */
  dim: number;
  /** Number of distinct values; 0 for a continuous real. */
  levels: number;
  /** ordinal: choice index of the r-th smallest value. */
  order?: number[];
}

export interface FeatureSpace {
  space: Space;
  dims: FeatureDim[];
  /** Conditional spaces only: per space dimension, what must hold for it to exist (feature-gates). */
  gates?: Gate[][];
}

function isOrdinal(dim: Dimension): boolean {
  const values = dim.values ?? [];
  return values.length >= 3 && values.every((v) => typeof v === 'number' && Number.isFinite(v));
}

export function featureSpace(space: Space): FeatureSpace {
  const dims: FeatureDim[] = [];
  // A choice that switches parameters on and off is unordered whatever its values: ranks
  // would let the kernel blend branches that share nothing.
  const gating = gatingNames(space);
  space.forEach((dim, i) => {
    if (dim.kind === 'constant') return;
    if (dim.kind === 'categorical') {
      const n = dim.values?.length ?? 0;
      if (n < 2) return;
      if (isOrdinal(dim) && !gating.has(dim.name)) {
        const order = [...Array(n).keys()].sort((a, b) => (dim.values![a] as number) - (dim.values![b] as number));
        dims.push({ kind: 'ordinal', dim: i, levels: n, order });
      } else {
        dims.push({ kind: 'cat', dim: i, levels: n });
      }
      return;
    }
    const levels = isDiscrete(dim) ? dimensionCardinality(dim) : 0;
    if (levels === 1) return;
    dims.push({ kind: 'real', dim: i, levels });
  });
  if (!hasConditions(space)) return { space, dims };
  return { space, dims, gates: gatesOf(space, new Map(dims.map((f, j) => [f.dim, j]))) };
}

/** Conditional spaces: puts every inactive feature at its fixed value (see feature-gates). */
export function imputeInactive(fs: FeatureSpace, x: Float64Array): void {
  if (!fs.gates) return;
  for (let j = 0; j < fs.dims.length; j++) {
    const f = fs.dims[j]!;
    if (!gatesOpen(fs.gates[f.dim]!, x)) x[j] = f.kind === 'cat' ? 0 : INACTIVE_REAL;
  }
}

/**
 * The trust region is drawn around the incumbent, which says nothing about the parameters it
 * does not have: in another branch they get their whole range.
 */
export function widenInactive(fs: FeatureSpace, centre: Float64Array, box: { lo: Float64Array; hi: Float64Array }): void {
  if (!fs.gates) return;
  fs.dims.forEach((f, j) => {
    if (isActiveAt(fs, f.dim, centre)) return;
    box.lo[j] = 0;
    box.hi[j] = 1;
  });
}

/** Conditional spaces: 1 per feature whose parameter exists at x; undefined without conditions. */
export function activeMask(fs: FeatureSpace, x: ArrayLike<number>): Uint8Array | undefined {
  if (!fs.gates) return undefined;
  return Uint8Array.from(fs.dims, (f) => (isActiveAt(fs, f.dim, x) ? 1 : 0));
}

function isActiveAt(fs: FeatureSpace, dimIndex: number, x: ArrayLike<number>): boolean {
  return !fs.gates || gatesOpen(fs.gates[dimIndex]!, x);
}

/** Params to features; undefined when the params do not fit the space (e.g. an old space). */
export function toFeatures(fs: FeatureSpace, params: Params): Float64Array | undefined {
  const x = new Float64Array(fs.dims.length);
  try {
    for (let j = 0; j < fs.dims.length; j++) {
      const f = fs.dims[j]!;
      const dim = fs.space[f.dim]!;
      const value = params[dim.name];
      // Conditional spaces: an absent parameter must turn out inactive (checked below).
      if (fs.gates && !(dim.name in params)) continue;
      if (f.kind === 'real') {
        x[j] = encodeDimension(dim, value);
        continue;
      }
      const index = (dim.values ?? []).findIndex((v) => sameValue(v, value));
      if (index < 0) return undefined;
      x[j] = f.kind === 'cat' ? index : f.order!.indexOf(index) / (f.levels - 1);
    }
  } catch {
    return undefined;
  }
  if (fs.gates) {
    imputeInactive(fs, x);
    for (const f of fs.dims) if (!(fs.space[f.dim]!.name in params) && isActiveAt(fs, f.dim, x)) return undefined;
  }
  return x;
}

/** Moves a feature onto a value the parameter can take (ints, q steps, ordinal ranks). */
export function snapFeature(fs: FeatureSpace, j: number, u: number): number {
  const f = fs.dims[j]!;
  const v = Math.min(1, Math.max(0, u));
  if (f.kind === 'cat') return Math.min(f.levels - 1, Math.max(0, Math.round(u)));
  if (f.kind === 'ordinal') return Math.round(v * (f.levels - 1)) / (f.levels - 1);
  if (f.levels === 0) return v;
  const dim = fs.space[f.dim]!;
  return encodeDimension(dim, decodeDimension(dim, v));
}

export function snapAll(fs: FeatureSpace, x: Float64Array): void {
  for (let j = 0; j < x.length; j++) x[j] = snapFeature(fs, j, x[j]!);
  imputeInactive(fs, x);
}

export function fromFeatures(fs: FeatureSpace, x: ArrayLike<number>): Params {
  const params: Params = {};
  const byDim = new Map<number, number>();
  fs.dims.forEach((f, j) => byDim.set(f.dim, j));
  fs.space.forEach((dim, i) => {
    if (!isActiveAt(fs, i, x)) return;
    const j = byDim.get(i);
    if (j === undefined) {
      // Constants and one-value dimensions.
      params[dim.name] = dim.kind === 'categorical' || dim.kind === 'constant' ? dim.values?.[0] : decodeDimension(dim, 0.5);
      return;
    }
    const f = fs.dims[j]!;
    const u = snapFeature(fs, j, x[j]!);
    if (f.kind === 'real') params[dim.name] = decodeDimension(dim, u);
    else if (f.kind === 'cat') params[dim.name] = dim.values?.[u];
    else params[dim.name] = dim.values?.[f.order![Math.round(u * (f.levels - 1))]!];
  });
  return params;
}

/** A uniform random point in feature space (categorical indices drawn uniformly). */
export function randomFeatures(fs: FeatureSpace, u: ArrayLike<number>): Float64Array {
  const x = new Float64Array(fs.dims.length);
  for (let j = 0; j < x.length; j++) {
    const f = fs.dims[j]!;
    const r = u[j]!;
    if (f.kind === 'real') x[j] = snapFeature(fs, j, r);
    else {
      // floor(r * levels) gives every level the same chance; rounding would halve the ends.
      const level = Math.min(f.levels - 1, Math.floor(r * f.levels));
      x[j] = f.kind === 'cat' ? level : level / (f.levels - 1);
    }
  }
  imputeInactive(fs, x);
  return x;
}
