import type { GpCache } from '../searcher/types.js';

/** Most evaluations of a hyperparameter fit: from scratch (`cold`) and from the last fit (`warm`). */
export interface FitCeiling {
  cold: number;
  warm: number;
}

/**
 * Evaluation budget of a GP hyperparameter fit (samplers/gp.ts, samplers/mo/ehvi.ts): generous
 * while the history is small, shrinking with the O(n^3) cost of each evaluation. Zero means
 * "reuse the last fit": once the history is large, hyperparameters move little per trial, so
 * they are refitted only after it has grown by a tenth. The ceiling is the caller's: EHVI fits
 * one GP per objective per proposal and has kept a lower one than the single-objective GP.
 */
export function fitBudget(n: number, cache: GpCache | undefined, d: number, ceiling: Readonly<FitCeiling>): number {
  const warm = cache !== undefined && cache.logLs.length === d;
  if (warm && n > 60 && n < cache.n * 1.1) return 0;
  const budget = Math.floor(1.2e8 / Math.max(1, n * n * n));
  return Math.max(warm ? 10 : 15, Math.min(warm ? ceiling.warm : ceiling.cold, budget));
}
