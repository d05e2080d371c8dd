import type { WarmTrial } from '@anneal/core';
import type { CapturedWarmTrial } from '@anneal/db';

/** What became of a warm start's trials, for the scheduler's log. */
export interface WarmStartReport {
  /** Finished trials of the earlier sweep that createSweep captured. */
  offered: number;
  /** Those the searcher keeps (`state.warm`). */
  used: number;
  /** Multi-objective sweeps: trials without a value for every objective, never handed over. */
  missingValues: number;
}

/**
 * The captured trials the searcher can take: with several objectives, those with a value for
 * every one (a trial missing one gives no point in objective space; skipped and counted).
 */
export function completeWarmTrials(captured: readonly CapturedWarmTrial[]): { trials: WarmTrial[]; missingValues: number } {
  const trials: WarmTrial[] = [];
  let missingValues = 0;
  for (const t of captured) {
    if (t.values === undefined) trials.push({ params: t.params, ...(t.value !== undefined ? { value: t.value } : {}) });
    else if (t.values.every((v): v is number => v !== null)) trials.push({ params: t.params, values: t.values });
    else missingValues += 1;
  }
  return { trials, missingValues };
}

/** One line for people: how many were used, and why the others were not. */
export function describeWarmStart(r: WarmStartReport): string {
  const skipped = r.offered - r.used;
  const why: string[] = [];
  if (r.missingValues > 0) why.push(`${r.missingValues} without a value for every objective`);
  const other = skipped - r.missingValues;
  // The searcher does not say which of its own reasons dropped a trial: params outside this space, or thinning past its limit.
  if (other > 0) why.push(`${other} outside this sweep's space or thinned out`);
  return `warm start: ${r.used} of ${r.offered} trials of the earlier sweep used, ${skipped} skipped${why.length > 0 ? ` (${why.join('; ')})` : ''}`;
}
