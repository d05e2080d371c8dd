import type { ForecastConfig } from '../config/types.js';
import { forecastFinal } from './curve-fit.js';
import { metricUnits, peersOf } from './curves.js';
import { CONTINUE, type StopInput, type StopVerdict } from './types.js';

/** The fit ignores reports before this fraction of the current step. */
const FIT_FROM = 0.2;

/**
 * Anneal's rule for crossing curves. Rules that rank trials at the same step (median, ASHA,
 * Hyperband) stop slow starters that would have finished best. This one asks a different
 * question: can this trial, continued to the end, still beat the best finished trial? It
 * extrapolates the trial's own curve (see curve-fit) and stops it only when even the most
 * optimistic plausible extrapolation ends worse than the best final value seen so far.
 *
 * The horizon is max_iter when given, else the longest completed trial's last step.
 */
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
  // Early reports often include warm-up transients that no saturating curve fits; the fit
  // uses the later part of the curve once there is enough of it.
  const tail = curve.filter(([s]) => s >= step * FIT_FROM);
  const fc = forecastFinal(tail.length >= 5 ? tail : curve, horizon);
  if (!fc || !(fc.optimistic > best)) return CONTINUE;
  return {
    stop: true,
    evidence: {
      rule: 'forecast',
      step,
      horizon,
      model: fc.family,
      predicted_final: metricUnits(goal, fc.predicted),
      optimistic_final: metricUnits(goal, fc.optimistic),
      threshold: metricUnits(goal, best),
      threshold_trial: bestTrial,
      value: metricUnits(goal, curve[curve.length - 1]![1]),
      compared: 'most optimistic plausible final value vs the best completed trial',
      cohort_size: completed,
      fit_points: fc.points,
      fit_noise: fc.noise,
    },
  };
}
