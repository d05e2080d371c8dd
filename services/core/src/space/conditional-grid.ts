import { dimensionCardinality, dimensionValueAt } from './dimension.js';
import type { Dimension, Params, Space } from './types.js';
import { sameValue } from './values.js';

/**
 * The grid of a conditional space is its tree of distinct points: a choice with conditional
 * children counts, per value, the product of what that value activates, so no two points
 * differ only in parameters that do not exist. Indexing is nested loops in declaration order
 * with the last dimension fastest, the plain grid's order, which is what this reduces to
 * without conditions.
 */
interface Tree {
  roots: Dimension[];
  /** Per dimension name, per value index: the dimensions that value activates. */
  children: Map<string, Dimension[][]>;
}

function treeOf(space: Space): Tree {
  const children = new Map<string, Dimension[][]>();
  for (const dim of space) {
    if (!dim.condition) continue;
    const parent = space.find((d) => d.name === dim.condition!.parent);
    const values = parent?.values ?? [];
    let lists = children.get(dim.condition.parent);
    if (!lists) {
      lists = values.map(() => []);
      children.set(dim.condition.parent, lists);
    }
    values.forEach((v, i) => {
      if (dim.condition!.values.some((w) => sameValue(v, w))) lists![i]!.push(dim);
    });
  }
  return { roots: space.filter((d) => !d.condition), children };
}

function countOf(tree: Tree, dim: Dimension): number {
  const lists = tree.children.get(dim.name);
  if (!lists) return dimensionCardinality(dim);
  return lists.reduce((acc, list) => acc + countAll(tree, list), 0);
}

function countAll(tree: Tree, dims: readonly Dimension[]): number {
  return dims.reduce((acc, d) => acc * countOf(tree, d), 1);
}

function decodeAll(tree: Tree, dims: readonly Dimension[], index: number, out: Params): void {
  let rest = index;
  for (let d = dims.length - 1; d >= 0; d--) {
    const dim = dims[d]!;
    const n = countOf(tree, dim);
    decodeOne(tree, dim, rest % n, out);
    rest = Math.floor(rest / n);
  }
}

function decodeOne(tree: Tree, dim: Dimension, index: number, out: Params): void {
  const lists = tree.children.get(dim.name);
  if (!lists) {
    out[dim.name] = dimensionValueAt(dim, index);
    return;
  }
  let rest = index;
  for (let i = 0; i < lists.length; i++) {
    const block = countAll(tree, lists[i]!);
    if (rest < block) {
      out[dim.name] = dim.values?.[i];
      decodeAll(tree, lists[i]!, rest, out);
      return;
    }
    rest -= block;
  }
}

export function conditionalGridSize(space: Space): number {
  const tree = treeOf(space);
  return countAll(tree, tree.roots);
}

/** The index-th point of the tree (index already checked against the size). */
export function conditionalGridPointAt(space: Space, index: number): Params {
  const tree = treeOf(space);
  const params: Params = {};
  decodeAll(tree, tree.roots, index, params);
  const ordered: Params = {};
  for (const dim of space) if (dim.name in params) ordered[dim.name] = params[dim.name];
  return ordered;
}
