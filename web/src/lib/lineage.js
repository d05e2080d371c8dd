// Pure PBT lineage: trials arranged under the trial whose checkpoint they continued.

/**
 * @template {{ id: string, number: number, parentTrialId?: string | null }} T
 * @typedef {{ trial: T, children: LineageNode<T>[] }} LineageNode
 */

/**
 * A forest of trials by parent, each level in trial-number order. A trial whose parent is not
 * among `trials` becomes a root, so nothing is dropped when only part of a sweep is loaded.
 * @template {{ id: string, number: number, parentTrialId?: string | null }} T
 * @param {T[]} trials
 * @returns {LineageNode<T>[]}
 */
export function lineage(trials) {
  /** @type {Map<string, LineageNode<T>>} */
  const nodes = new Map(trials.map((t) => [t.id, { trial: t, children: [] }]));
  /** @type {LineageNode<T>[]} */
  const roots = [];
  for (const node of nodes.values()) {
    const parent = node.trial.parentTrialId ? nodes.get(node.trial.parentTrialId) : undefined;
    if (parent && parent !== node) parent.children.push(node);
    else roots.push(node);
  }
  /** @param {LineageNode<T>[]} list */
  const sort = (list) => {
    list.sort((a, b) => a.trial.number - b.trial.number);
    for (const n of list) sort(n.children);
  };
  sort(roots);
  return roots;
}
