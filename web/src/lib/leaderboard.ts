// Pure ordering helpers for the sweep leaderboard.

export interface RankableTrial {
  number: number;
  objective?: number | null | undefined;
}

/**
 * True when larger objective values are better for the given goal
 * ("maximize"); anything else, including a missing goal, means minimise.
 */
export function isMaximize(metricGoal: string | null | undefined): boolean {
  return metricGoal?.toLowerCase() === 'maximize';
}

function hasObjective(value: number | null | undefined): value is number {
  return typeof value === 'number' && !Number.isNaN(value);
}

/**
 * Returns a new array with the best trial first: trials with an objective,
 * ordered by objective for the goal (ties broken by trial number), then trials
 * without an objective, ordered by number. The input is not modified.
 * @param metricGoal "minimize" | "maximize"
 */
export function rankTrials<T extends RankableTrial>(trials: ReadonlyArray<T>, metricGoal: string | null | undefined): T[] {
  const direction = isMaximize(metricGoal) ? -1 : 1;
  return [...trials].sort((a, b) => {
    const x = a.objective;
    const y = b.objective;
    const aHas = hasObjective(x);
    const bHas = hasObjective(y);
    if (aHas && bHas) {
      if (x !== y) return (x < y ? -1 : 1) * direction;
    } else if (aHas !== bHas) {
      return aHas ? -1 : 1;
    }
    return a.number - b.number;
  });
}
