import type { MetricSpec } from '../config/types.js';
import type { SearcherState } from '../searcher/types.js';
import type { Params } from '../space/types.js';
import { paretoOrder } from './crowding.js';
import { paretoRanks } from './dominance.js';

/** A trial's objective values turned "lower is better" (maximized objectives negated). */
export function toMinimizeAll(objectives: readonly MetricSpec[], values: readonly number[]): number[] {
  return objectives.map((o, i) => (o.goal === 'maximize' ? -values[i]! : values[i]!));
}

export interface ParetoTrial {
  trial: number;
  /** In the config's objective order and units. */
  values: number[];
  params: Params;
  /** 0 for the Pareto front. */
  rank: number;
}

/**
 * Completed trials with a value for every objective, ordered by Pareto rank and then crowding
 * distance (the leaderboard's order); `frontOnly` keeps rank 0. Pruned and failed trials are
 * left out, as in `bestTrial`: their values come from unfinished training. So are infeasible
 * ones (a metric constraint broken): a front of configurations that cannot run is no answer.
 */
export function paretoTrials(state: SearcherState, objectives: readonly MetricSpec[], frontOnly = false): ParetoTrial[] {
  const trials: { trial: number; values: number[]; params: Params }[] = [];
  for (const [key, record] of Object.entries(state.trials)) {
    const values = record.values;
    if (record.status !== 'completed' || record.infeasible || !values || values.length !== objectives.length) continue;
    trials.push({ trial: Number(key), values, params: record.params });
  }
  trials.sort((a, b) => a.trial - b.trial);
  const points = trials.map((t) => toMinimizeAll(objectives, t.values));
  const rank = paretoRanks(points);
  const ordered = paretoOrder(points).map((i) => ({ ...trials[i]!, rank: rank[i]! }));
  return frontOnly ? ordered.filter((t) => t.rank === 0) : ordered;
}
