import { createSweep, waitForSweep, type LiveStack } from '../support/live-stack.js';
import { percentile, round } from './stats.js';

/**
 * Created → running: from the scheduler's insert of a trial to the agent's `started`, for
 * short trials, so the path measured is scheduler → outbox → JetStream → agent pull → start.
 */
export async function dispatchLatency(b: LiveStack, trials: number) {
  const sweepId = await createSweep(b, {
    method: 'grid', parameters: { i: { values: Array.from({ length: trials }, (_, i) => i) } },
    command: ['true'], max_concurrent: 4,
  });
  const status = await waitForSweep(b, sweepId, 600_000);
  // clock_timestamp() marks the insert itself; created_at would be the transaction start.
  const rows: Array<{ ms: number }> = await b.stack.ds.query(
    `SELECT extract(epoch FROM (t.started_at - (e.data->>'insertedAt')::timestamptz)) * 1000 AS ms
       FROM trial t JOIN trial_event e ON e.trial_id = t.id AND e.type = 'created'
      WHERE t.sweep_id = $1 AND t.started_at IS NOT NULL`,
    [sweepId],
  );
  const ms = rows.map((r) => Number(r.ms));
  return { status, trials: ms.length, p50Ms: round(percentile(ms, 50)), p99Ms: round(percentile(ms, 99)), maxMs: round(Math.max(...ms)) };
}
