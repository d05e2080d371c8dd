import type { ProtocolNames } from '@anneal/protocol';
import type { EntityManager } from 'typeorm';
import { insertMetrics } from './copy-metrics.js';
import type { BatchPlan, TrialLease } from './plan-batch.js';

/** Reads the leases of the trials a batch mentions, locking them against concurrent ingest. */
export async function loadLeases(em: EntityManager, names: ProtocolNames, trialIds: string[]): Promise<Map<string, TrialLease>> {
  const rows: Array<{
    id: string; sweep_id: string; status: TrialLease['status']; attempt: number; lease_token: string;
    metric_name: string | null; objective_step: number | null; organization_id: string;
  }> = await em.query(
    `SELECT t.id, t.sweep_id, t.status, t.attempt, t.lease_token, s.metric_name, t.objective_step, p.organization_id
       FROM trial t JOIN sweep s ON s.id = t.sweep_id JOIN project p ON p.id = s.project_id
      WHERE t.id = ANY($1::uuid[])
      ORDER BY t.id
      FOR UPDATE OF t`,
    [trialIds],
  );
  return new Map(rows.map((r) => [r.id, {
    id: r.id, sweepId: r.sweep_id, status: r.status, attempt: r.attempt, leaseToken: r.lease_token,
    organizationTag: names.org(r.organization_id).tag, metricName: r.metric_name, objectiveStep: r.objective_step,
  }]));
}

/** Writes a plan with a handful of set-based statements, whatever the batch size. */
export async function applyPlan(em: EntityManager, plan: BatchPlan, o: { useCopy: boolean }): Promise<void> {
  if (plan.metrics.length > 0) await insertMetrics(em, plan.metrics, o.useCopy);
  if (plan.objectives.length > 0) {
    const o = plan.objectives;
    await em.query(
      `UPDATE trial t SET objective = u.value, objective_step = u.step
         FROM unnest($1::uuid[], $2::float8[], $3::int[]) AS u(id, value, step)
        WHERE t.id = u.id AND (t.objective_step IS NULL OR t.objective_step <= u.step)`,
      [o.map((r) => r.trialId), o.map((r) => r.value), o.map((r) => r.step)],
    );
  }
  for (const log of plan.logs) {
    await em.query(
      `INSERT INTO trial_log (trial_id, attempt, seq, lines) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
      [log.trialId, log.attempt, log.seq, log.lines],
    );
  }
  for (const c of plan.statusChanges) {
    const at = new Date(c.at).toISOString();
    if (c.status === 'RUNNING') {
      await em.query(
        `UPDATE trial SET status = 'RUNNING', attempt = $2, agent_id = $3, started_at = COALESCE(started_at, $4), heartbeat_at = $4
          WHERE id = $1`,
        [c.trialId, c.attempt, c.agentId, at],
      );
    } else {
      await em.query(
        `UPDATE trial SET status = $2, finished_at = $3, error = $4, log_tail = $5 WHERE id = $1`,
        [c.trialId, c.status, at, c.error ?? null, c.logTail ?? null],
      );
    }
    await em.query(
      `INSERT INTO trial_event (trial_id, sweep_id, type, data) VALUES ($1, $2, $3, $4)`,
      [c.trialId, c.sweepId, c.status === 'RUNNING' ? 'started' : 'finished', {
        status: c.status, attempt: c.attempt, agentId: c.agentId,
        ...(c.exitCode !== undefined ? { exitCode: c.exitCode } : {}),
        ...(c.error ? { error: c.error } : {}),
      }],
    );
  }
  for (const c of plan.checkpoints) {
    // A replayed message must not list the same checkpoint twice.
    await em.query(
      `INSERT INTO trial_event (trial_id, sweep_id, type, data)
       SELECT $1, $2, 'checkpoint', $3::jsonb
        WHERE NOT EXISTS (SELECT 1 FROM trial_event WHERE trial_id = $1 AND type = 'checkpoint' AND data->>'key' = $4)`,
      [c.trialId, c.sweepId, JSON.stringify({ step: c.step, key: c.key, bytes: c.bytes, attempt: c.attempt }), c.key],
    );
  }
  for (const i of plan.infos) {
    const data = JSON.stringify({ ...i.facts, attempt: i.attempt });
    // A replayed message must not record the same facts twice.
    await em.query(
      `INSERT INTO trial_event (trial_id, sweep_id, type, data)
       SELECT $1, $2, 'info', $3::jsonb
        WHERE NOT EXISTS (SELECT 1 FROM trial_event WHERE trial_id = $1 AND type = 'info' AND data = $3::jsonb)`,
      [i.trialId, i.sweepId, data],
    );
  }
  if (plan.heartbeats.length > 0) {
    await em.query(`UPDATE trial SET heartbeat_at = now() WHERE id = ANY($1::uuid[])`, [plan.heartbeats]);
  }
}
