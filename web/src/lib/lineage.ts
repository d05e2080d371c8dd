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
