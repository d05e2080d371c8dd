// Pure PBT lineage: trials arranged under the trial whose checkpoint they continued.

export interface LineageItem {
  id: string;
  number: number;
  parentTrialId?: string | null | undefined;
}

export interface LineageNode<T extends LineageItem> {
  trial: T;
  children: LineageNode<T>[];
}

/**
 * A forest of trials by parent, each level in trial-number order. A trial whose parent is not
 * among `trials` becomes a root, so nothing is dropped when only part of a sweep is loaded.
 */
export function lineage<T extends LineageItem>(trials: T[]): LineageNode<T>[] {
  const nodes = new Map<string, LineageNode<T>>(trials.map((t) => [t.id, { trial: t, children: [] }]));
  const roots: LineageNode<T>[] = [];
  for (const node of nodes.values()) {
    const parent = node.trial.parentTrialId ? nodes.get(node.trial.parentTrialId) : undefined;
    if (parent && parent !== node) parent.children.push(node);
    else roots.push(node);
  }
  const sort = (list: LineageNode<T>[]) => {
    list.sort((a, b) => a.trial.number - b.trial.number);
    for (const n of list) sort(n.children);
  };
  sort(roots);
  return roots;
}

export interface ParamChange {
  name: string;
  from: unknown;
  to: unknown;
}

/**
 * What changed along a lineage edge: the parameters (flattened, dotted names) whose value differs
 * between parent and child, by name; a parameter only one side has counts as changed.
 */
export function paramChanges(parent: Record<string, unknown>, child: Record<string, unknown>): ParamChange[] {
  const names = [...new Set([...Object.keys(parent), ...Object.keys(child)])].sort();
  return names.filter((n) => JSON.stringify(parent[n]) !== JSON.stringify(child[n])).map((n) => ({ name: n, from: parent[n], to: child[n] }));
}
