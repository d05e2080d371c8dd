import type { Fields } from '../config/fields.js';
import { bestUpTo, metricUnits, peersOf, percentile, valueAt } from './curves.js';
import { CONTINUE, type StopInput, type StoppingRule, type StopVerdict } from './types.js';

/**
 * Median (percentile) stopping rule (Golovin et al. 2017, as in Vizier): stop a trial whose
 * best value so far is worse than the given percentile of the completed trials' values at the
 * same step. Only completed trials form the cohort: they are the ones whose curves are known
 * to be worth finishing, and running or stopped trials would drag the bar towards early
 * starters.
 */
export function decideMedian(cfg: MedianStoppingConfig, input: StopInput): StopVerdict<MedianEvidence> {
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

/** Anneal: stop a trial whose value at a step is worse than the cohort's percentile there. */
export interface MedianStoppingConfig {
  type: 'median';
  /** Steps a trial may run before it can be stopped. */
  min_iter: number;
  /** Completed trials that must have reported at a step before anyone is judged at it. */
  min_trials: number;
  /** 50 is the median rule; other values give the percentile rule. */
  percentile: number;
}

export type MedianEvidence = {
  rule: 'median';
  step: number;
  percentile: number;
  threshold: number;
  value: number;
  compared: string;
  cohort_size: number;
  cohort_values: number[];
};

function parseMedian(f: Fields): MedianStoppingConfig | undefined {
  f.onlyKeys(['type', 'min_iter', 'min_trials', 'percentile'], 'median');
  const minIter = f.number('min_iter', { fallback: 1, integer: true, min: 0, why: 'the first step at which runs may be stopped' });
  const minTrials = f.number('min_trials', { fallback: 5, integer: true, min: 1, why: 'how many trials must have reported at a step before anyone is judged there' });
  const percentile = f.number('percentile', { fallback: 50, exclusiveMin: 0, exclusiveMax: 100, why: 'stop runs worse than this percentile of the cohort; 50 is the median' });
  if (minIter === undefined || minTrials === undefined || percentile === undefined) return undefined;
  return { type: 'median', min_iter: minIter, min_trials: minTrials, percentile };
}

export const medianRule: StoppingRule<MedianStoppingConfig, MedianEvidence> = {
  type: 'median',
  summary: 'stop a trial whose best value so far is worse than a percentile of completed trials at the same step',
  example: { type: 'median', min_iter: 1, min_trials: 3 },
  parse: parseMedian,
  decide: decideMedian,
};
