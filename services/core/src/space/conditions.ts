import { CoreError } from '../errors.js';
import type { Dimension, Params, Space } from './types.js';
import { sameValue } from './values.js';

/**
 * Conditional spaces: a dimension with a `condition` exists only while its parent is active
 * and takes one of the listed values. The conditions form a forest (each dimension has at most
 * one parent, the parser refuses cycles), so "active" is decided by walking up to a root.
 * Spaces without conditions never reach the code below past `hasConditions`.
 */

export function hasConditions(space: Space): boolean {
  return space.some((d) => d.condition !== undefined);
}

function byName(space: Space): Map<string, Dimension> {
  return new Map(space.map((d) => [d.name, d]));
}

/**
 * Space order with every parent moved before its children (stable otherwise): the order in
 * which a point is drawn, since a child's existence depends on its parent's value. Equals
 * space order for a space without conditions, so draws stay what they were.
 */
export function conditionOrder(space: Space): Space {
  if (!hasConditions(space)) return space;
  const dims = byName(space);
  const placed = new Set<string>();
  const out: Dimension[] = [];
  const visiting = new Set<string>();
  const place = (dim: Dimension): void => {
    if (placed.has(dim.name)) return;
    if (visiting.has(dim.name)) throw new CoreError('SPACE_INVALID', `the conditions of ${dim.name} form a cycle`);
    visiting.add(dim.name);
    const parent = dim.condition ? dims.get(dim.condition.parent) : undefined;
    if (dim.condition && !parent) throw new CoreError('SPACE_INVALID', `${dim.name} depends on ${dim.condition.parent}, which is not a parameter`);
    if (parent) place(parent);
    visiting.delete(dim.name);
    placed.add(dim.name);
    out.push(dim);
  };
  for (const dim of space) place(dim);
  return out;
}

/** Whether `dim` exists for these (possibly partial) params: every ancestor's condition holds. */
export function isActive(dims: ReadonlyMap<string, Dimension>, dim: Dimension, params: Params): boolean {
  let at: Dimension | undefined = dim;
  for (let depth = 0; at?.condition; depth++) {
    if (depth > dims.size) return false;
    const { parent, values } = at.condition;
    if (!(parent in params)) return false;
    const value = params[parent];
    if (!values.some((v) => sameValue(v, value))) return false;
    at = dims.get(parent);
  }
  return true;
}

/** Names of the dimensions active for `params`, in space order. */
export function activeNames(space: Space, params: Params): Set<string> {
  if (!hasConditions(space)) return new Set(space.map((d) => d.name));
  const dims = byName(space);
  return new Set(space.filter((d) => isActive(dims, d, params)).map((d) => d.name));
}

/**
 * Drops the params of inactive dimensions (e.g. a full point decoded from a Sobol vector),
 * keeping space order. A space without conditions returns the params unchanged.
 */
export function pruneInactive(space: Space, params: Params): Params {
  if (!hasConditions(space)) return params;
  const dims = byName(space);
  const out: Params = {};
  for (const dim of space) if (dim.name in params && isActive(dims, dim, params)) out[dim.name] = params[dim.name];
  return out;
}

/**
 * Makes `params` exactly the active set: inactive values dropped, newly active dimensions
 * filled by `fill` (a draw from the prior), parents first. Used where a parent's value
 * changes after the fact (PBT's explore).
 */
export function completeActive(space: Space, params: Params, fill: (dim: Dimension) => unknown): Params {
  if (!hasConditions(space)) return params;
  const dims = byName(space);
  const work: Params = {};
  for (const dim of conditionOrder(space)) {
    if (!isActive(dims, dim, work)) continue;
    work[dim.name] = dim.name in params ? params[dim.name] : fill(dim);
  }
  const out: Params = {};
  for (const dim of space) if (dim.name in work) out[dim.name] = work[dim.name];
  return out;
}

/** The names of the dimensions that some condition depends on (the "gating" choices). */
export function gatingNames(space: Space): Set<string> {
  return new Set(space.flatMap((d) => (d.condition ? [d.condition.parent] : [])));
}
