import type { Params, Space } from './types.js';

type Tree = Record<string, unknown>;

function isTree(v: unknown): v is Tree {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function insert(root: Tree, path: readonly string[], value: unknown): boolean {
  let node = root;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i] as string;
    const next = node[key];
    if (next === undefined) node[key] = {};
    else if (!isTree(next)) return false;
    node = node[key] as Tree;
  }
  const leaf = path[path.length - 1] as string;
  if (leaf in node) return false;
  node[leaf] = value;
  return true;
}

/**
 * Without the space, a dotted name is ambiguous: `optimizer.lr` may come from nested
 * parameters or be a literal (Hydra-style) name. The guess: split unless some other name is a
 * prefix of it, because then splitting would collide (e.g. `optimizer` and
 * `optimizer.config.learning_rate` side by side are Hydra overrides, not a tree).
 */
function guessPath(name: string, names: ReadonlySet<string>): string[] {
  const parts = name.split('.');
  if (parts.some((p) => p === '')) return [name];
  for (let i = 1; i < parts.length; i++) {
    if (names.has(parts.slice(0, i).join('.'))) return [name];
  }
  return parts;
}

/**
 * Flat trial params to the nested object a trainer expects. Pass the space (or the sweep
 * config) whenever you have it: it records exactly which names were nested, so literal dotted
 * names like `optimizer.config.learning_rate` stay as written.
 */
export function nestParams(flat: Params, spaceOrConfig?: Space | { space: Space }): Record<string, unknown> {
  const space = spaceOrConfig === undefined ? undefined : Array.isArray(spaceOrConfig) ? spaceOrConfig : spaceOrConfig.space;
  const paths = new Map<string, readonly string[]>();
  for (const dim of space ?? []) paths.set(dim.name, dim.path);
  const names = new Set(Object.keys(flat));
  const out: Tree = {};
  for (const [name, value] of Object.entries(flat)) {
    const path = paths.get(name) ?? (space ? [name] : guessPath(name, names));
    // A collision can only come from inconsistent input; keep the value under its flat name.
    if (!insert(out, path, value)) out[name] = value;
  }
  return out;
}

/** Inverse of nestParams for a known space: reads each dimension at its path. */
export function flattenParams(nested: Record<string, unknown>, space: Space): Params {
  const flat: Params = {};
  for (const dim of space) {
    let node: unknown = nested;
    for (const key of dim.path) node = isTree(node) ? node[key] : undefined;
    if (node === undefined && dim.name in nested) node = nested[dim.name];
    if (node !== undefined) flat[dim.name] = node;
  }
  return flat;
}
