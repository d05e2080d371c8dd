// Pure ordering helpers for the sweep leaderboard.

/**
 * @typedef {object} RankableTrial
 * @property {number} number
 * @property {number | null | undefined} objective
 */

/**
 * True when larger objective values are better for the given goal
 * ("maximize"); anything else, including a missing goal, means minimise.
 * @param {string | null | undefined} metricGoal
 * @returns {boolean}
 */
export function isMaximize(metricGoal) {
  return metricGoal?.toLowerCase() === 'maximize';
}

/**
 * @param {number | null | undefined} value
 * @returns {value is number}
 */
function hasObjective(value) {
  return typeof value === 'number' && !Number.isNaN(value);
}

/**
 * Returns a new array with the best trial first: trials with an objective,
 * ordered by objective for the goal (ties broken by trial number), then trials
 * without an objective, ordered by number. The input is not modified.
 * @template {RankableTrial} T
 * @param {ReadonlyArray<T>} trials
 * @param {string | null | undefined} metricGoal "minimize" | "maximize"
 * @returns {T[]}
 */
export function rankTrials(trials, metricGoal) {
  const direction = isMaximize(metricGoal) ? -1 : 1;
  return [...trials].sort((a, b) => {
    const aHas = hasObjective(a.objective);
    const bHas = hasObjective(b.objective);
    if (aHas && bHas) {
      const x = /** @type {number} */ (a.objective);
      const y = /** @type {number} */ (b.objective);
      if (x !== y) return (x < y ? -1 : 1) * direction;
    } else if (aHas !== bHas) {
      return aHas ? -1 : 1;
    }
    return a.number - b.number;
  });
}
