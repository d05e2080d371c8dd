import type { Goal } from '../config/types.js';
import type { SearcherState, TrialRecord } from '../searcher/types.js';

/** A trial's reports in "lower is better" units, sorted by step. */
export type Curve = [number, number][];

export function curveOf(rec: TrialRecord, goal: Goal): Curve {
  const sign = goal === 'maximize' ? -1 : 1;
  return (rec.reports ?? []).map(([s, v]) => [s, sign * v]);
}

/** Value of the latest report at or before `step`; undefined if the curve has not reached `step`. */
export function valueAt(curve: Curve, step: number): number | undefined {
  const last = curve[curve.length - 1];
  if (!last || last[0] < step) return undefined;
  let v: number | undefined;
  for (const [s, y] of curve) {
    if (s > step) break;
    v = y;
  }
  return v;
}

/** Best (lowest) value at or before `step`, if the curve has reached `step`. */
export function bestUpTo(curve: Curve, step: number): number | undefined {
  const last = curve[curve.length - 1];
  if (!last || last[0] < step) return undefined;
  let best: number | undefined;
  for (const [s, y] of curve) {
    if (s > step) break;
    best = best === undefined ? y : Math.min(best, y);
  }
  return best;
}

export interface Peer {
  trial: number;
  rec: TrialRecord;
  curve: Curve;
}

/** Every trial but `except`, with its curve (all statuses: stopped trials are evidence too). */
export function peersOf(state: SearcherState, goal: Goal, except: number): Peer[] {
  const out: Peer[] = [];
  for (const key of Object.keys(state.trials)) {
    const trial = Number(key);
    if (trial === except) continue;
    const rec = state.trials[trial]!;
    out.push({ trial, rec, curve: curveOf(rec, goal) });
  }
  return out;
}

/** Linear-interpolated percentile (0..100) of values. */
export function percentile(values: readonly number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const pos = (p / 100) * (s.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(s.length - 1, lo + 1);
  return s[lo]! + (pos - lo) * (s[hi]! - s[lo]!);
}

/** Back to the metric's own units for evidence users read. */
export function metricUnits(goal: Goal, y: number): number {
  return goal === 'maximize' ? -y : y;
}
