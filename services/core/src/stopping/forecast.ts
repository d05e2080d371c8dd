import type { Fields } from '../config/fields.js';
import { forecastFinal } from './curve-fit.js';
import { cohortForecast } from './cohort-fit.js';
import { metricUnits, peersOf, valueAt, type Curve } from './curves.js';
import { CONTINUE, type StopInput, type StoppingRule, type StopVerdict } from './types.js';

/** The fit ignores reports before this fraction of the current step. */
const FIT_FROM = 0.2;

function forecastOf(curve: Curve, step: number, horizon: number) {
  // Early reports often include warm-up transients that no saturating curve fits; the fit
  // uses the later part of the curve once there is enough of it.
  const tail = curve.filter(([s]) => s >= step * FIT_FROM);
  return forecastFinal(tail.length >= 5 ? tail : curve, horizon);
}

/**
 * Anneal's rule for crossing curves. Rules that rank trials at the same step (median, ASHA,
 * Hyperband) stop slow starters that would have finished best. This one asks a different
 * question: can this trial, continued to the end, still beat the best finished trial? Two
 * views answer it, and either may stop the trial when it is confident:
 * - its own curve (see curve-fit): even the most optimistic plausible extrapolation ends
 *   worse than the best final value seen so far;
 * - the cohort (see cohort-fit): completed trials map "value at this step" to "final value";
 *   where that map is tight (curves that keep their order), it speaks from the first steps,
 *   before a curve has enough points to extrapolate; where curves cross it is loose and silent.
 *
 * The horizon is max_iter when given, else the longest completed trial's last step.
 */
export const COHORT: Readonly<{ on: boolean; minPoints: number }> = Object.freeze({ on: true, minPoints: 6 });

/** Completed trials' (value at this step, final value) pairs, and the regression bound for this trial. */
function cohortView(input: StopInput, step: number) {
  const mine = valueAt(input.curve, step);
  if (mine === undefined) return undefined;
  const pairs: [number, number][] = [];
  for (const p of peersOf(input.state, input.goal, input.trial)) {
    if (p.rec.status !== 'completed' || p.curve.length === 0) continue;
    const at = valueAt(p.curve, step);
    const final = p.rec.value !== undefined ? metricUnits(input.goal, p.rec.value) : p.curve[p.curve.length - 1]![1];
    if (at !== undefined) pairs.push([at, final]);
  }
  return cohortForecast(pairs, mine, COHORT.minPoints);
}

export function decideForecast(cfg: ForecastConfig, input: StopInput): StopVerdict<ForecastEvidence> {
  const { step, curve, goal } = input;
  if (step < cfg.min_iter) return CONTINUE;
  let best = Infinity;
  let bestTrial: number | undefined;
  let completed = 0;
  let horizon = cfg.max_iter ?? 0;
  for (const p of peersOf(input.state, goal, input.trial)) {
    if (p.rec.status !== 'completed' || p.curve.length === 0) continue;
    completed++;
    const last = p.curve[p.curve.length - 1]!;
    if (cfg.max_iter === undefined) horizon = Math.max(horizon, last[0]);
    const final = p.rec.value !== undefined ? metricUnits(goal, p.rec.value) : last[1];
    if (final < best) {
      best = final;
      bestTrial = p.trial;
    }
  }
  if (completed < cfg.min_trials || step >= horizon) return CONTINUE;
  const fc = forecastOf(curve, step, horizon);
  const ownSaysStop = fc !== undefined && fc.optimistic > best;
  const cohort = COHORT.on && !ownSaysStop ? cohortView(input, step) : undefined;
  const cohortSaysStop = cohort !== undefined && cohort.optimistic > best;
  if (!ownSaysStop && !cohortSaysStop) return CONTINUE;
  return {
    stop: true,
    evidence: {
      rule: 'forecast',
      step,
      horizon,
      ...(ownSaysStop && fc
        ? { view: 'own curve' as const, model: fc.family, predicted_final: metricUnits(goal, fc.predicted), optimistic_final: metricUnits(goal, fc.optimistic), fit_points: fc.points, fit_noise: fc.noise }
        : { view: 'cohort' as const, model: 'final ~ value at this step', predicted_final: metricUnits(goal, cohort!.predicted), optimistic_final: metricUnits(goal, cohort!.optimistic), slope: cohort!.slope, fit_points: cohort!.points }),
      threshold: metricUnits(goal, best),
      threshold_trial: bestTrial,
      value: metricUnits(goal, curve[curve.length - 1]![1]),
      compared: 'most optimistic plausible final value vs the best completed trial',
      cohort_size: completed,
    },
  };
}

/**
 * Anneal: stop a trial once no plausible extrapolation of its own learning curve beats the
 * best completed trial (robust when curves cross, unlike rules that rank at a step).
 */
export interface ForecastConfig {
  type: 'forecast';
  /** First step at which a trial may be stopped. */
  min_iter: number;
  /** The step trials end at; learned from completed trials when absent. */
  max_iter?: number;
  /** Completed trials needed before anything is stopped. */
  min_trials: number;
}

type ForecastCommon = {
  rule: 'forecast';
  step: number;
  horizon: number;
  model: string;
  predicted_final: number;
  optimistic_final: number;
  fit_points: number;
  threshold: number;
  threshold_trial: number | undefined;
  value: number;
  compared: string;
  cohort_size: number;
};

export type ForecastEvidence =
  | (ForecastCommon & { view: 'own curve'; fit_noise: number })
  | (ForecastCommon & { view: 'cohort'; slope: number });

function parseForecast(f: Fields): ForecastConfig | undefined {
  f.onlyKeys(['type', 'min_iter', 'max_iter', 'min_trials'], 'forecast');
  const minIter = f.number('min_iter', { fallback: 1, integer: true, min: 1, why: 'the first step at which runs may be stopped' });
  const maxIter = f.number('max_iter', { integer: true, min: 2, why: 'the step runs end at; learned from completed runs when absent' });
  const minTrials = f.number('min_trials', { fallback: 2, integer: true, min: 1, why: 'completed runs needed before any run is stopped' });
  if (minIter !== undefined && maxIter !== undefined && maxIter <= minIter) {
    f.problems.error(f.at('max_iter'), `must be greater than ${f.at('min_iter')} (${minIter})`);
    return undefined;
  }
  if (minIter === undefined || minTrials === undefined) return undefined;
  return { type: 'forecast', min_iter: minIter, min_trials: minTrials, ...(maxIter !== undefined ? { max_iter: maxIter } : {}) };
}

export const forecastRule: StoppingRule<ForecastConfig, ForecastEvidence> = {
  type: 'forecast',
  summary: 'stop a trial once no plausible extrapolation of its curve beats the best completed trial',
  example: { type: 'forecast', min_iter: 2, min_trials: 2 },
  parse: parseForecast,
  decide: decideForecast,
};
