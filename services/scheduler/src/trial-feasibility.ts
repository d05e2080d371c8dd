import type { MetricConstraint, SearcherAction, SearcherState, SweepConfig } from '@anneal/core';
import type { EventStore, MetricStore, SchedulableSweep, TrialOutcome, TrialStore } from '@anneal/db';

/** What a finished event adds about feasibility (searcher/feasibility.ts in the core). */
export interface FeasibilityFacts { infeasible?: true; constraints?: Record<string, number> }

/** The trial event that says a trial's parameters could not run, or broke a metric constraint. */
export const INFEASIBLE_EVENT = 'infeasible';

/**
 * Reads, for the trials about to be told to the searcher, what it needs to learn infeasible
 * regions: the agent's verdict (out of memory, or the trainer's word; stored by ingest) and
 * the latest value of each metric the config constrains, in one query for all of them.
 * A trial whose value breaks a bound gets a trial event that says which bound and by what value,
 * and is marked infeasible (Trial.infeasible, reason constraint) like an out-of-memory one.
 */
export async function feasibilityOfFinished(
  db: { metrics: MetricStore; events: EventStore; trials: TrialStore }, sweepId: string, config: SweepConfig, finished: readonly TrialOutcome[],
): Promise<(trial: TrialOutcome) => FeasibilityFacts> {
  const bounds = config.constraints?.metrics ?? [];
  const latest = bounds.length === 0 || finished.length === 0
    ? new Map<string, Array<{ key: string; value: number }>>()
    : await db.metrics.latest(finished.map((t) => t.id), bounds.map((b) => b.name));
  const facts = new Map<string, FeasibilityFacts>();
  for (const t of finished) {
    const values = Object.fromEntries((latest.get(t.id) ?? []).map((p) => [p.key, p.value]));
    const broken = brokenBounds(bounds, values);
    for (const b of broken) await db.events.record(t.id, sweepId, INFEASIBLE_EVENT, { reason: 'constraint', ...b, summary: describeBreak(b) });
    if (broken.length > 0) await db.trials.markInfeasible(t.id, { reason: 'constraint', evidence: broken.map(describeBreak).join('; ') });
    facts.set(t.id, {
      ...(t.infeasible ? { infeasible: true as const } : {}),
      ...(Object.keys(values).length > 0 ? { constraints: values } : {}),
    });
  }
  return (trial) => facts.get(trial.id) ?? {};
}

export interface BrokenBound { metric: string; value: number; min?: number; max?: number }

/** The metric constraints a trial's final values break; a metric it never reported breaks none. */
export function brokenBounds(bounds: readonly MetricConstraint[], values: Readonly<Record<string, number>>): BrokenBound[] {
  const out: BrokenBound[] = [];
  for (const b of bounds) {
    const value = values[b.name];
    if (value === undefined) continue;
    if (b.min !== undefined && value < b.min) out.push({ metric: b.name, value, min: b.min });
    else if (b.max !== undefined && value > b.max) out.push({ metric: b.name, value, max: b.max });
  }
  return out;
}

export function describeBreak(b: BrokenBound): string {
  const bound = b.max !== undefined ? `at most ${b.max}` : `at least ${b.min}`;
  return `${b.metric} ended at ${b.value}, but the constraint allows ${bound}; the searcher counts these parameters infeasible`;
}

/**
 * Why the sweep has nothing left to try, when the searcher said why (parameter constraints
 * that leave nothing to propose). It says so once; the sweep row keeps it until the sweep ends.
 */
export function exhaustionReason(actions: readonly SearcherAction[], sweep: Pick<SchedulableSweep, 'statusReason'>, state: SearcherState): string | null {
  for (const a of actions) if (a.type === 'exhausted' && a.reason !== undefined) return a.reason;
  return state.exhausted ? sweep.statusReason : null;
}
