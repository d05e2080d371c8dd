import { randomUUID } from 'node:crypto';
import { createSweep, type LiveStack } from '../support/live-stack.js';
import { percentile, round } from './stats.js';

/** A sweep holding `trials` COMPLETED trials with objectives and params. */
export async function seedLeaderboardSweep(b: LiveStack, trials: number): Promise<string> {
  const sweepId = await createSweep(b, {
    method: 'random', metric: { name: 'loss', goal: 'minimize' }, parameters: { lr: { min: 0.0001, max: 0.1 } },
    command: ['true'], max_concurrent: 1, run_cap: 1,
  });
  await b.stack.ds.query(`UPDATE sweep SET status = 'STOPPED' WHERE id = $1`, [sweepId]);
  await b.stack.ds.query(`DELETE FROM trial WHERE sweep_id = $1`, [sweepId]);
  const ids = Array.from({ length: trials }, () => randomUUID());
  await b.stack.ds.query(
    `INSERT INTO trial (id, sweep_id, number, status, params, lease_token, objective, objective_step, told_searcher)
     SELECT id, $2, n - 1, 'COMPLETED', jsonb_build_object('lr', random() / 10, 'layers', (n % 4)), md5(id::text), random(), 10, true
       FROM unnest($1::uuid[]) WITH ORDINALITY AS u(id, n)`,
    [ids, sweepId],
  );
  await b.stack.ds.query('ANALYZE trial');
  return sweepId;
}

/** GraphQL leaderboard (top 50 by objective, with params) over a sweep holding `trials` trials. */
export async function leaderboardLatency(b: LiveStack, trials: number, queries: number) {
  const sweepId = await seedLeaderboardSweep(b, trials);
  const query = `query($id: ID!) { sweep(id: $id) { trialCounts { total } bestTrial { number objective }
    trials(first: 50, orderBy: OBJECTIVE) { totalCount edges { node { number status objective params } } } } }`;
  const ms: number[] = [];
  for (let i = 0; i < queries; i++) {
    const t0 = performance.now();
    const data = await b.gql<{ sweep: { trials: { totalCount: number } } }>(query, { id: sweepId });
    ms.push(performance.now() - t0);
    if (data.sweep.trials.totalCount !== trials) throw new Error('leaderboard returned the wrong sweep');
  }
  return { trials, queries, p50Ms: round(percentile(ms, 50)), p95Ms: round(percentile(ms, 95)) };
}
