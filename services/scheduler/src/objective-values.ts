import { completeValues, objectiveValuesOf, type SweepConfig } from '@anneal/core';
import type { EventStore, MetricStore, TrialOutcome } from '@anneal/db';

type Outcome = 'completed' | 'pruned' | 'failed';

/**
 * What a multi-objective sweep tells the searcher about each finished trial beyond its state:
 * `values`, one per objective in the config's order, from the trial's latest reports and its
 * measured cost (see `objectiveValuesOf`). Keyed by trial id; empty for a single-objective sweep.
 *
 * A trial that completed without a value for every objective is told as `failed`: it produced
 * no point the front can hold, and the multi-objective models already learn nothing from such a
 * trial but that its region gave no result — which is what a failure tells them. (Told as
 * `completed` without values, the searcher's record would claim a result it never had.) Its row
 * stays COMPLETED: the program did finish, and an `objectives_missing` trial event names what it
 * never reported. A pruned or stopped trial missing a value is told pruned without values.
 */
export async function finishedObjectiveFields(
  db: { metrics: MetricStore; events: EventStore }, sweepId: string, config: SweepConfig, finished: readonly TrialOutcome[],
): Promise<Map<string, { state?: Outcome; values?: number[] }>> {
  const fields = new Map<string, { state?: Outcome; values?: number[] }>();
  const objectives = config.objectives;
  if (!objectives || finished.length === 0) return fields;
  const told = finished.filter((t) => t.status !== 'FAILED');
  const latest = await db.metrics.latest(told.map((t) => t.id), objectives.map((o) => o.name));
  for (const t of told) {
    const reported = new Map((latest.get(t.id) ?? []).map((p) => [p.key, p.value] as const));
    const each = objectiveValuesOf(objectives, reported, { wallSeconds: t.wallHours * 3600, gpuHours: t.gpuHours });
    const values = completeValues(each);
    if (values) fields.set(t.id, { values });
    else if (t.status === 'COMPLETED') {
      fields.set(t.id, { state: 'failed' });
      const missing = objectives.filter((_, i) => each[i] === null).map((o) => o.name);
      await db.events.record(t.id, sweepId, 'objectives_missing', { missing, toldSearcher: 'failed' });
    }
  }
  return fields;
}
