import type { ForecastConfig } from '../config/types.js';
import { forecastFinal } from './curve-fit.js';
import { cohortForecast } from './cohort-fit.js';
import { metricUnits, peersOf, valueAt, type Curve } from './curves.js';
import { CONTINUE, type StopInput, type StopVerdict } from './types.js';

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
export const COHORT = { on: true, minPoints: 6 };

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

export function decideForecast(cfg: ForecastConfig, input: StopInput): StopVerdict {
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
        ? { view: 'own curve', model: fc.family, predicted_final: metricUnits(goal, fc.predicted), optimistic_final: metricUnits(goal, fc.optimistic), fit_points: fc.points, fit_noise: fc.noise }
        : { view: 'cohort', model: 'final ~ value at this step', predicted_final: metricUnits(goal, cohort!.predicted), optimistic_final: metricUnits(goal, cohort!.optimistic), slope: cohort!.slope, fit_points: cohort!.points }),
      threshold: metricUnits(goal, best),
      threshold_trial: bestTrial,
      value: metricUnits(goal, curve[curve.length - 1]![1]),
      compared: 'most optimistic plausible final value vs the best completed trial',
      cohort_size: completed,
    },
  };
}
