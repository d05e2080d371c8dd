import type { MetricSpec } from '../../config/types.js';
import { toMinimizeAll } from '../../pareto/objectives.js';
import type { SearcherState } from '../../searcher/types.js';
import type { Params } from '../../space/types.js';

/** One finished trial of a multi-objective sweep: `ys` is "lower is better" in every objective. */
export interface MoObservation {
  params: Params;
  ys: number[];
  source?: string;
  concurrent?: number;
  /** It broke a metric constraint: its values are real, but it cannot be on the front. */
  infeasible?: true;
}

/** The multi-objective counterpart of samplers/history's History. */
export interface MoHistory {
  observed: MoObservation[];
  /** Running trials: proposed again by no model. */
  pending: Params[];
  /** Failed trials, and finished ones without a value for every objective. */
  failed: Params[];
  /**
   * Infeasible trials without a full set of values (out of memory, the trainer's word): also in
   * `failed`; with `observed`'s flagged ones, what the feasibility models learn from.
   */
  infeasible: Params[];
  /**
   * Present once a trial was infeasible: the trials with values or a verdict in trial order (an
   * infeasible one without values has no `ys`), for the trust region's replay (samplers/mo/parego).
   */
  sequence?: Array<{ params: Params; ys?: number[]; infeasible?: true; source?: string; concurrent?: number }>;
}

export function moHistoryOf(state: SearcherState, objectives: readonly MetricSpec[]): MoHistory {
  const observed: MoObservation[] = [];
  const pending: Params[] = [];
  const failed: Params[] = [];
  const infeasible: Params[] = [];
  // Prior trials handed in by a warm start count as observations too (checked by searcher/warm-values).
  for (const w of state.warm ?? []) if (w.values?.length === objectives.length) observed.push({ params: w.params, ys: toMinimizeAll(objectives, w.values) });
  const sequence: NonNullable<MoHistory['sequence']> = [...observed];
  for (const key of Object.keys(state.trials)) {
    const t = state.trials[Number(key)]!;
    const from = { ...(t.source ? { source: t.source } : {}), ...(t.concurrent ? { concurrent: t.concurrent } : {}) };
    if (t.status === 'pending') pending.push(t.params);
    else if (t.status === 'failed' || !t.values || t.values.length !== objectives.length || !t.values.every(Number.isFinite)) {
      failed.push(t.params);
      if (t.infeasible) {
        infeasible.push(t.params);
        sequence.push({ params: t.params, infeasible: true, ...from });
      }
    } else {
      const o: MoObservation = { params: t.params, ys: toMinimizeAll(objectives, t.values), ...from, ...(t.infeasible ? { infeasible: true as const } : {}) };
      observed.push(o);
      sequence.push(o);
    }
  }
  const verdicts = infeasible.length > 0 || observed.some((o) => o.infeasible === true);
  return { observed, pending, failed, infeasible, ...(verdicts ? { sequence } : {}) };
}

/** The observations that may stand on a Pareto front: those that broke no constraint. */
export function feasibleObserved(history: MoHistory): MoObservation[] {
  return history.observed.filter((o) => o.infeasible !== true);
}

