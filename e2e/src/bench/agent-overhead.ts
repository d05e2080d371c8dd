import { createSweep, waitForSweep, type LiveStack } from '../support/live-stack.js';
import { percentile, round } from './stats.js';

/**
 * Time a slot sits idle between trials: one trial's `finished` to the next trial's `started`,
 * with max_concurrent 1 so every gap is the whole loop (ingest → scheduler → outbox → JetStream
 * → agent pull → spawn). Ray Tune's measured overhead is about 14% of one-second trials.
 */
export async function agentOverhead(b: LiveStack, trials: number) {
  const sweepId = await createSweep(b, {
    method: 'grid', parameters: { i: { values: Array.from({ length: trials }, (_, i) => i) } },
    command: ['true'], max_concurrent: 1,
  });
  const status = await waitForSweep(b, sweepId, 600_000);
  const rows: Array<{ ms: number }> = await b.stack.ds.query(
    `SELECT extract(epoch FROM (started_at - lag(finished_at) OVER (ORDER BY number))) * 1000 AS ms
       FROM trial WHERE sweep_id = $1 ORDER BY number`,
    [sweepId],
  );
  const gaps = rows.filter((r) => r.ms !== null).map((r) => Number(r.ms));
  return { status, gaps: gaps.length, p50Ms: round(percentile(gaps, 50)), p95Ms: round(percentile(gaps, 95)) };
}
