import type { Goal } from '../config/types.js';
import type { Params } from '../space/types.js';
import type { SearcherState } from './types.js';

/** True when a is strictly better than b for the goal. */
export function better(goal: Goal, a: number, b: number): boolean {
  return goal === 'minimize' ? a < b : a > b;
}

/** Whether value meets the metric's target (reaching it exactly counts). */
export function reachesTarget(goal: Goal, value: number, target: number): boolean {
  return goal === 'minimize' ? value <= target : value >= target;
}

export interface BestTrial {
  trial: number;
  value: number;
  params: Params;
}

/**
 * The best completed trial. Pruned and failed trials are left out: their values come from
 * unfinished training and are not comparable; infeasible ones broke a constraint. Ties go to
 * the earlier trial.
 */
export function bestTrial(state: SearcherState, goal: Goal): BestTrial | undefined {
  let best: BestTrial | undefined;
  for (const [key, record] of Object.entries(state.trials)) {
    if (record.status !== 'completed' || typeof record.value !== 'number' || record.infeasible) continue;
    const trial = Number(key);
    if (!best || better(goal, record.value, best.value) || (record.value === best.value && trial < best.trial)) {
      best = { trial, value: record.value, params: record.params };
    }
  }
  return best;
}
