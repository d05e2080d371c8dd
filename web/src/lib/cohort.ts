// A stopped trial against its cohort at the step of the decision: which step the rule judged
// at, the values the trials had there, and a summary in words. Pure; read from the decision's
// evidence (stored JSON) and the trials' curves.
import type { Point } from './chart.ts';
import { formatObjective } from './format.ts';
import type { StopEvidence } from './stop-evidence.ts';

const finiteNumber = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/**
 * The step whose values the rule compared: a rung rule (ASHA, Hyperband) judges at the rung a
 * report crossed, the others at the reporting step. Undefined when the evidence names neither.
 */
export function decisionStep(evidence: StopEvidence): number | undefined {
  const fields = evidence as unknown as Record<string, unknown>;
  if (evidence.rule === 'asha' || evidence.rule === 'hyperband') return finiteNumber(fields.rung) ?? finiteNumber(fields.step);
  return finiteNumber(fields.step);
}

/** The value a curve had at `step`: its last report at or before it, once it has reached it (as the core reads it). */
export function valueAtStep(points: readonly Point[], step: number): number | undefined {
  const last = points[points.length - 1];
  if (!last || last.step < step) return undefined;
  let v: number | undefined;
  for (const p of points) {
    if (p.step > step) break;
    if (Number.isFinite(p.value)) v = p.value;
  }
  return v;
}

export interface CohortMember {
  id: string;
  number: number;
  value: number;
}

/** The other trials' values at `step` (those that reached it), best-first for the goal. */
export function cohortAtStep(
  curves: ReadonlyArray<{ id: string; number: number; points: readonly Point[] }>,
  step: number,
  excludeId: string,
  maximize: boolean,
): CohortMember[] {
  const out: CohortMember[] = [];
  for (const c of curves) {
    if (c.id === excludeId) continue;
    const value = valueAtStep(c.points, step);
    if (value !== undefined) out.push({ id: c.id, number: c.number, value });
  }
  return out.sort((a, b) => (maximize ? b.value - a.value : a.value - b.value) || a.number - b.number);
}

export interface CohortSummary {
  count: number;
  min: number;
  median: number;
  max: number;
}

export function summarize(values: readonly number[]): CohortSummary | undefined {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return undefined;
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { count: sorted.length, min: sorted[0]!, median, max: sorted[sorted.length - 1]! };
}

/**
 * One sentence placing the trial in its cohort at the decision step: "At step 4 this trial had
 * 2.25; the 5 others that reached it ranged 1.25 … 3.25 (median 2)."
 */
export function describeCohort(step: number, mine: number | undefined, others: readonly number[]): string {
  const s = summarize(others);
  const self = mine === undefined ? 'this trial had no value' : `this trial had ${formatObjective(mine)}`;
  if (!s) return `At step ${step} ${self}; no other trial shown had reached that step.`;
  const who = s.count === 1 ? 'the 1 other trial shown that reached it had' : `the ${s.count} other trials shown that reached it ranged`;
  const range = s.count === 1 ? formatObjective(s.min) : `${formatObjective(s.min)} … ${formatObjective(s.max)} (median ${formatObjective(s.median)})`;
  return `At step ${step} ${self}; ${who} ${range}.`;
}
