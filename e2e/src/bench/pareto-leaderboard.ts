import { randomUUID } from 'node:crypto';
import { createSweep, type LiveStack } from '../support/live-stack.js';
import { percentile, round } from './stats.js';

/**
 * The Pareto leaderboard and front of a two-objective sweep holding `trials` COMPLETED trials
 * (each with a `loss` and an `acc` metric point): what a page of `orderBy: PARETO` costs, where
 * the API ranks every completed trial (services/api/src/services/pareto.ts).
 */
export async function paretoLeaderboardLatency(b: LiveStack, trials: number, queries: number) {
  const sweepId = await createSweep(b, {
    method: 'random', metrics: [{ name: 'loss', goal: 'minimize' }, { name: 'acc', goal: 'maximize' }],
    parameters: { lr: { min: 0.0001, max: 0.1 } }, command: ['true'], max_concurrent: 1, run_cap: 1,
  });
  await b.stack.ds.query(`UPDATE sweep SET status = 'STOPPED' WHERE id = $1`, [sweepId]);
  await b.stack.ds.query(`DELETE FROM trial WHERE sweep_id = $1`, [sweepId]);
  const ids = Array.from({ length: trials }, () => randomUUID());
  await b.stack.ds.query(
    `INSERT INTO trial (id, sweep_id, number, status, params, lease_token, told_searcher)
     SELECT id, $2, n - 1, 'COMPLETED', jsonb_build_object('lr', random() / 10), md5(id::text), true
       FROM unnest($1::uuid[]) WITH ORDINALITY AS u(id, n)`,
    [ids, sweepId],
  );
  // acc rises with loss, with noise: many fronts, as a real trade-off gives.
  await b.stack.ds.query(
    `INSERT INTO metric (trial_id, key, step, value, reported_at)
     SELECT id, 'loss', 0, l, now() FROM (SELECT id, random() AS l FROM unnest($1::uuid[]) AS u(id)) x
     UNION ALL SELECT id, 'acc', 0, random(), now() FROM unnest($1::uuid[]) AS u(id)`,
    [ids],
  );
  await b.stack.ds.query('ANALYZE trial');
  await b.stack.ds.query('ANALYZE metric');
  const query = `query($id: ID!) { sweep(id: $id) { paretoFront(first: 20) { number objectives }
    trials(first: 50, orderBy: PARETO) { edges { node { number objectives } } } } }`;
  const ms: number[] = [];
  for (let i = 0; i < queries; i++) {
    const t0 = performance.now();
    const data = await b.gql<{ sweep: { trials: { edges: unknown[] } } }>(query, { id: sweepId });
    ms.push(performance.now() - t0);
    if (data.sweep.trials.edges.length !== 50) throw new Error('the Pareto leaderboard returned a short page');
  }
  return { trials, queries, p50Ms: round(percentile(ms, 50)), p95Ms: round(percentile(ms, 95)) };
}
