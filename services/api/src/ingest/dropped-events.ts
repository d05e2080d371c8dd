import type { BatchPlan, CapHit } from './plan-batch.js';

/** The trial event that says what ingest kept out of a trial's telemetry, and why. */
export const DROPPED_EVENT = 'telemetry_dropped';

export interface DroppedEvent {
  trialId: string;
  sweepId: string;
  data: Record<string, unknown>;
  /** What makes it the same event again: a replayed message, or a limit reached once more. */
  identity: Record<string, unknown>;
}

const MAX_EXAMPLES = 5;

const CAP_WORDS: Record<CapHit['cap'], (h: CapHit) => string> = {
  metricKeys: (h) => `the trial reached its limit of ${h.limit} metric keys (limits.metric_keys): points of new keys are dropped, starting with '${h.first}'; its existing keys go on`,
  pointsPerSeries: (h) => `a series reached its limit of ${h.limit} points (limits.points_per_series): its further points are dropped, starting with ${h.first}`,
  logBytes: (h) => `the trial's log reached its limit of ${h.limit} bytes (limits.log_bytes): further lines are dropped`,
};

/**
 * One event per message that carried invalid points (what was dropped, how many for each
 * reason, a few examples) and one per limit a trial reached.
 */
export function droppedEvents(plan: BatchPlan): DroppedEvent[] {
  const out: DroppedEvent[] = [];
  for (const r of plan.refusedPoints) {
    const reasons: Record<string, number> = {};
    for (const p of r.refused) reasons[p.reason] = (reasons[p.reason] ?? 0) + 1;
    out.push({
      trialId: r.trialId,
      sweepId: r.sweepId,
      identity: { cause: 'invalid', attempt: r.attempt, seq: r.seq },
      data: {
        cause: 'invalid', attempt: r.attempt, seq: r.seq, dropped: r.refused.length, reasons,
        examples: r.refused.slice(0, MAX_EXAMPLES).map((p) => ({ key: p.key, step: p.step, reason: p.reason })),
        message: `${r.refused.length} invalid point(s) dropped (${Object.entries(reasons).map(([k, n]) => `${n}× ${k}`).join('; ')}); the message's other points were stored`,
      },
    });
  }
  for (const h of plan.capHits) {
    out.push({
      trialId: h.trialId,
      sweepId: h.sweepId,
      identity: { cause: h.cap },
      // Recorded once: `droppedInBatch` counts the batch that reached the limit, not what followed.
      data: { cause: h.cap, limit: h.limit, droppedInBatch: h.dropped, first: h.first, message: CAP_WORDS[h.cap](h) },
    });
  }
  return out;
}
