import { metricUnits, peersOf, valueAt } from './curves.js';
import type { HyperbandEvidence } from './hyperband.js';
import { CONTINUE, type StopInput, type StopVerdict } from './types.js';

/** Rungs r_k = base * eta^k up to maxIter (exclusive: the last step is never judged). */
export function rungsFrom(base: number, eta: number, maxIter: number | undefined): number[] {
  const out: number[] = [];
  for (let r = base; maxIter === undefined ? out.length < 64 : r < maxIter; r *= eta) {
    const step = Math.round(r);
    if (out.length === 0 || step > out[out.length - 1]!) out.push(step);
    if (!Number.isFinite(r) || r > 1e15) break;
  }
  return out;
}

/** The rung this report crosses (first report at or beyond it), if any. */
export function crossedRung(rungs: readonly number[], step: number, previousStep: number | undefined): number | undefined {
  let hit: number | undefined;
  for (const r of rungs) if (step >= r && (previousStep === undefined || previousStep < r)) hit = r;
  return hit;
}

/**
 * Successive-halving judgement at one rung: keep the trial only if its value there is among
 * the best ceil(n/eta) of the n trials (itself included) that reached the rung. This is the
 * asynchronous form (ASHA, Li et al. 2020): no waiting for a full rung, decisions as reports
 * arrive, with early arrivals judged against a smaller cohort.
 */
export function judgeAtRung<E extends RungEvidence | HyperbandEvidence>(
  input: StopInput,
  rung: number,
  eta: number,
  cohortFilter: (trial: number) => boolean,
  rule: E['rule'],
  extra: Omit<E, keyof RungEvidence> = {} as Omit<E, keyof RungEvidence>,
): StopVerdict<E> {
  const { goal, curve } = input;
  const mine = valueAt(curve, rung);
  if (mine === undefined) return CONTINUE;
  const values = [mine];
  for (const p of peersOf(input.state, goal, input.trial)) {
    if (!cohortFilter(p.trial)) continue;
    const v = valueAt(p.curve, rung);
    if (v !== undefined) values.push(v);
  }
  const keep = Math.max(1, Math.ceil(values.length / eta));
  const sorted = [...values].sort((a, b) => a - b);
  const threshold = sorted[keep - 1]!;
  if (!(mine > threshold)) return CONTINUE;
  return {
    stop: true,
    evidence: {
      rule,
      rung,
      step: input.step,
      eta,
      value: metricUnits(goal, mine),
      threshold: metricUnits(goal, threshold),
      kept: keep,
      cohort_size: values.length,
      cohort_values: sorted.slice(0, 50).map((v) => metricUnits(goal, v)),
      ...extra,
    } as E,
  };
}

/** Successive halving at a rung (ASHA; Hyperband adds its bracket). */
export type RungEvidence = {
  rule: 'asha';
  rung: number;
  step: number;
  eta: number;
  value: number;
  threshold: number;
  kept: number;
  cohort_size: number;
  cohort_values: number[];
};
