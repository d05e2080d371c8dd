import type { Goal } from '../config/types.js';
import type { SearcherState } from '../searcher/types.js';
import type { Params } from '../space/types.js';

/** One finished trial as a sampler sees it: `y` is always "lower is better". */
export interface Observation {
  params: Params;
  y: number;
  /** The strategy that proposed it, when known. */
  source?: string;
  /** Trials running when it was proposed (0 when sequential). */
  concurrent?: number;
  /** It broke a constraint: its value is real, but its region is not where the optimum can be. */
  infeasible?: true;
}

export interface History {
  /** Completed trials, plus pruned ones with a value (their last report: a pessimistic but real signal). */
  observed: Observation[];
  /** Running trials: models must not propose them (or their neighbourhood) again. */
  pending: Params[];
  /** Failed trials: no value to learn from, but not worth proposing again either. */
  failed: Params[];
  /** Finished trials whose cost the searcher was told (budgeted sweeps): for cost-aware search. */
  costs: { params: Params; cost: number }[];
  /**
   * Infeasible trials without a value (out of memory, the trainer's word): also in `failed`;
   * with `observed`'s flagged ones, what a feasibility model learns from.
   */
  infeasible: Params[];
  /**
   * Present once a trial was infeasible: the trials with a value or a verdict in trial order,
   * infeasible ones at y = Infinity, so the trust region's replay (trust-region.ts) counts an
   * infeasible local proposal, with or without a value, as a failure.
   */
  replay?: Observation[];
}

export function toMinimize(goal: Goal | undefined, value: number): number {
  return goal === 'maximize' ? -value : value;
}

/** Prior trials handed in by a warm start count as observations too. */
export function historyOf(state: SearcherState, goal: Goal | undefined): History {
  const observed: Observation[] = [];
  const pending: Params[] = [];
  const failed: Params[] = [];
  const costs: { params: Params; cost: number }[] = [];
  const infeasible: Params[] = [];
  for (const w of state.warm ?? []) if (w.value !== undefined) observed.push({ params: w.params, y: toMinimize(goal, w.value) });
  const replay: Observation[] = [...observed];
  for (const key of Object.keys(state.trials)) {
    const t = state.trials[Number(key)]!;
    const from = { ...(t.source ? { source: t.source } : {}), ...(t.concurrent ? { concurrent: t.concurrent } : {}) };
    if (t.status === 'pending') pending.push(t.params);
    else if (t.status !== 'failed' && typeof t.value === 'number' && Number.isFinite(t.value)) {
      const o: Observation = { params: t.params, y: toMinimize(goal, t.value), ...from, ...(t.infeasible ? { infeasible: true as const } : {}) };
      observed.push(o);
      replay.push(t.infeasible ? { ...o, y: Infinity } : o);
    } else {
      failed.push(t.params);
      if (t.infeasible) {
        infeasible.push(t.params);
        replay.push({ params: t.params, y: Infinity, ...from, infeasible: true });
      }
    }
    if (t.status !== 'pending' && typeof t.cost === 'number') costs.push({ params: t.params, cost: t.cost });
  }
  const anyInfeasible = infeasible.length > 0 || observed.some((o) => o.infeasible);
  return { observed, pending, failed, infeasible, costs, ...(anyInfeasible ? { replay } : {}) };
}
