// Exponential moving average for noisy training curves, applied in the browser so a person can
// slide the weight and see the trend without losing the raw points (drawn faint beside it).
import type { Point } from './chart.ts';

/** The highest weight the slider offers: at 1 the curve would never move. */
export const MAX_SMOOTHING = 0.99;

/**
 * The curve smoothed with weight `w` (0 keeps it as is): s_t = w·s_{t-1} + (1-w)·v_t, divided
 * by (1 - w^t) so the start is not pulled towards zero. Non-finite values pass through unchanged
 * and do not disturb the average.
 */
export function emaSmooth<P extends Point>(points: readonly P[], weight: number): P[] {
  const w = Math.min(MAX_SMOOTHING, Math.max(0, Number.isFinite(weight) ? weight : 0));
  if (w === 0) return [...points];
  let average = 0;
  let seen = 0;
  return points.map((p) => {
    if (!Number.isFinite(p.value)) return p;
    seen += 1;
    average = w * average + (1 - w) * p.value;
    return { ...p, value: average / (1 - w ** seen) };
  });
}
