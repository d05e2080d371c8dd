import type { MedianStoppingConfig } from '../config/types.js';
import { bestUpTo, metricUnits, peersOf, percentile, valueAt } from './curves.js';
import { CONTINUE, type StopInput, type StopVerdict } from './types.js';

/**
 * Median (percentile) stopping rule (Golovin et al. 2017, as in Vizier): stop a trial whose
 * best value so far is worse than the given percentile of the completed trials' values at the
 * same step. Only completed trials form the cohort: they are the ones whose curves are known
 * to be worth finishing, and running or stopped trials would drag the bar towards early
 * starters.
 */
export function decideMedian(cfg: MedianStoppingConfig, input: StopInput): StopVerdict {
  const { step, curve, goal } = input;
  if (step < cfg.min_iter) return CONTINUE;
  const mine = bestUpTo(curve, step);
  if (mine === undefined) return CONTINUE;
  const cohort: number[] = [];
  for (const p of peersOf(input.state, goal, input.trial)) {
    if (p.rec.status !== 'completed') continue;
    const v = valueAt(p.curve, step);
    if (v !== undefined) cohort.push(v);
  }
  if (cohort.length < cfg.min_trials) return CONTINUE;
  // "Worse than the p-th percentile" of a lower-is-better cohort.
  const threshold = percentile(cohort, cfg.percentile);
  if (!(mine > threshold)) return CONTINUE;
  return {
    stop: true,
    evidence: {
      rule: 'median',
      step,
      percentile: cfg.percentile,
      threshold: metricUnits(goal, threshold),
      value: metricUnits(goal, mine),
      compared: 'best value so far vs completed trials at this step',
      cohort_size: cohort.length,
      cohort_values: cohort.slice(0, 50).map((v) => metricUnits(goal, v)),
    },
  };
}
