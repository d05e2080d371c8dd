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
}

/** The multi-objective counterpart of samplers/history's History. */
export interface MoHistory {
  observed: MoObservation[];
  /** Running trials: proposed again by no model. */
  pending: Params[];
  /** Failed trials, and finished ones without a value for every objective. */
  failed: Params[];
}

export function moHistoryOf(state: SearcherState, objectives: readonly MetricSpec[]): MoHistory {
  const observed: MoObservation[] = [];
  const pending: Params[] = [];
  const failed: Params[] = [];
  // Prior trials handed in by a warm start count as observations too (checked by searcher/warm-values).
  for (const w of state.warm ?? []) if (w.values?.length === objectives.length) observed.push({ params: w.params, ys: toMinimizeAll(objectives, w.values) });
  for (const key of Object.keys(state.trials)) {
    const t = state.trials[Number(key)]!;
    if (t.status === 'pending') pending.push(t.params);
    else if (t.status === 'failed' || !t.values || t.values.length !== objectives.length || !t.values.every(Number.isFinite)) failed.push(t.params);
    else observed.push({ params: t.params, ys: toMinimizeAll(objectives, t.values), ...(t.source ? { source: t.source } : {}), ...(t.concurrent ? { concurrent: t.concurrent } : {}) });
  }
  return { observed, pending, failed };
}
