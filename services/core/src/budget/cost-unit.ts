import type { SweepConfig } from '../config/types.js';
import type { SearcherState } from '../searcher/types.js';

/** What a trial's `cost` is measured in: the budget's own unit. */
export type CostUnit = 'gpu_hours' | 'wall_hours';

/** GPU-hours when the budget limits them, else hours when it limits time; no cost without either. */
export function costUnit(config: Pick<SweepConfig, 'budget'>): CostUnit | undefined {
  if (config.budget?.gpuHours !== undefined) return 'gpu_hours';
  if (config.budget?.wallHours !== undefined) return 'wall_hours';
  return undefined;
}

/**
 * The share of the budget still unspent, from the costs the searcher was told: GPU-hours
 * against the GPU budget, or trial-hours against what the time budget allows with every slot
 * busy (hours × max_concurrent). Undefined without a cost budget.
 */
export function budgetLeft(config: Pick<SweepConfig, 'budget' | 'maxConcurrent'>, state: Pick<SearcherState, 'trials'>): number | undefined {
  const unit = costUnit(config);
  if (unit === undefined) return undefined;
  const total = unit === 'gpu_hours' ? config.budget!.gpuHours! : config.budget!.wallHours! * Math.max(1, config.maxConcurrent);
  let spent = 0;
  for (const t of Object.values(state.trials)) if (typeof t.cost === 'number') spent += t.cost;
  return Math.max(0, 1 - spent / total);
}
