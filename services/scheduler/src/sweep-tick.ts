import {
  initSearcher,
  searcherStep,
  type SearcherAction,
  type SearcherEvent,
  type SearcherState,
  type SweepConfig,
} from '@anneal/core';
import { Sweep, type SweepStatus } from '@anneal/db';
import { assignmentMsgId, assignmentSchema, PROTOCOL_VERSION, type Assignment, type OrgNames, type ProtocolNames } from '@anneal/protocol';
import { randomBytes, randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { loadSweepConfig, SchedulerError } from './sweep-config.js';

export interface TickResult {
  organizationId: string;
  created: number;
  status: SweepStatus;
  changed: boolean;
}

interface FinishedRow { id: string; number: number; status: 'COMPLETED' | 'PRUNED' | 'FAILED'; objective: number | null }

/**
 * One scheduling step for one sweep, inside the caller's transaction: tell the searcher what
 * finished, ask it to fill free slots, and persist its new state together with the trials it
 * created and their assignments (in the outbox). Either all of it commits or none of it does.
 */
export async function tickSweep(em: EntityManager, names: ProtocolNames, sweepId: string): Promise<TickResult | null> {
  const sweep = await em.getRepository(Sweep).findOne({ where: { id: sweepId }, lock: { mode: 'pessimistic_write' } });
  if (!sweep || !['PENDING', 'RUNNING', 'PAUSED'].includes(sweep.status)) return null;
  const config = loadSweepConfig(sweep);
  const org = names.org(await organizationOf(em, sweep.projectId));
  let state = (sweep.searcherState ?? initSearcher(config, sweep.seed)) as SearcherState;
  const actions: SearcherAction[] = [];
  const step = (event: SearcherEvent): void => {
    const out = searcherStep(config, state, event);
    state = out.state;
    actions.push(...out.actions);
  };

  await feedReports(em, sweep.id, config, state, step);

  const finished: FinishedRow[] = await em.query(
    `SELECT id, number, status, objective FROM trial
      WHERE sweep_id = $1 AND NOT told_searcher AND status IN ('COMPLETED', 'PRUNED', 'FAILED')
      ORDER BY finished_at, number`,
    [sweep.id],
  );
  for (const t of finished) {
    step({ type: 'finished', trial: t.number, state: t.status.toLowerCase() as 'completed' | 'pruned' | 'failed', value: t.objective });
  }
  if (finished.length > 0) {
    await em.query(`UPDATE trial SET told_searcher = true WHERE id = ANY($1::uuid[])`, [finished.map((t) => t.id)]);
  }

  const [{ active }] = (await em.query(
    `SELECT count(*)::int AS active FROM trial WHERE sweep_id = $1 AND status IN ('QUEUED', 'RUNNING')`,
    [sweep.id],
  )) as [{ active: number }];
  const free = sweep.status === 'PAUSED' ? 0 : sweep.maxConcurrent - active;
  if (free > 0 && !isExhausted(state)) step({ type: 'request', count: free });

  let created = 0;
  for (const action of actions) {
    if (action.type === 'create') {
      await createTrial(em, org, sweep, config, action);
      created += 1;
    } else if (action.type === 'stop') {
      await recordStop(em, org, sweep.id, action);
    }
  }

  let status: SweepStatus = sweep.status;
  if (status === 'PENDING' && created > 0) status = 'RUNNING';
  // Nothing running, room to run, and the searcher proposes nothing: it has nothing left to try
  // even if it never said so, and waiting would leave the sweep RUNNING forever.
  const stalled = free > 0 && active === 0 && created === 0 && finishedOrAsked(state);
  if (status !== 'PAUSED' && (isExhausted(state) || stalled) && active + created === 0) status = 'COMPLETED';
  if (status === 'PENDING' && isExhausted(state)) status = 'COMPLETED';
  const changed = status !== sweep.status || created > 0 || finished.length > 0 || actions.length > 0;
  if (changed) {
    await em.query(
      `UPDATE sweep SET searcher_state = $2, status = $3, updated_at = now(),
              finished_at = CASE WHEN $3 IN ('COMPLETED', 'STOPPED', 'FAILED') THEN now() ELSE finished_at END
        WHERE id = $1`,
      [sweep.id, JSON.stringify(state), status],
    );
  }
  return { organizationId: org.organizationId, created, status, changed };
}

/**
 * Early stopping and PBT decide on intermediate values: hand the searcher the sweep metric's
 * points that arrived since each pending trial's last report. Other methods never look at
 * them, so their sweeps skip the query (and keep their state small).
 */
async function feedReports(
  em: EntityManager, sweepId: string, config: SweepConfig, state: SearcherState, step: (e: SearcherEvent) => void,
): Promise<void> {
  if (!config.metric || (!config.earlyTerminate && config.method !== 'pbt')) return;
  const pending = Object.entries(state.trials).filter(([, r]) => r.status === 'pending');
  if (pending.length === 0) return;
  const numbers = pending.map(([n]) => Number(n));
  const after = pending.map(([, r]) => r.reports?.at(-1)?.[0] ?? -1);
  const rows: Array<{ number: number; step: number; value: number; checkpoint: boolean }> = await em.query(
    `SELECT t.number, m.step, m.value,
            EXISTS (SELECT 1 FROM trial_event e WHERE e.trial_id = t.id AND e.type = 'checkpoint' AND (e.data->>'step')::int = m.step) AS checkpoint
       FROM unnest($2::int[], $3::int[]) AS w(number, after)
       JOIN trial t ON t.sweep_id = $1 AND t.number = w.number
       JOIN metric m ON m.trial_id = t.id AND m.key = $4 AND m.step > w.after
      ORDER BY t.number, m.step`,
    [sweepId, numbers, after, config.metric.name],
  );
  for (const r of rows) step({ type: 'report', trial: r.number, step: r.step, value: r.value, ...(r.checkpoint ? { checkpoint: true } : {}) });
}

/** A searcher that created trials before (so it was asked and answered) and has none pending. */
function finishedOrAsked(state: SearcherState): boolean {
  const trials = Object.values(state.trials);
  return trials.length > 0 && trials.every((t) => t.status !== 'pending');
}

function isExhausted(state: SearcherState): boolean {
  return Boolean((state as { exhausted?: boolean }).exhausted);
}

async function createTrial(
  em: EntityManager,
  org: OrgNames,
  sweep: Sweep,
  config: SweepConfig,
  action: Extract<SearcherAction, { type: 'create' }>,
): Promise<void> {
  const id = randomUUID();
  const leaseToken = randomBytes(18).toString('base64url');
  let parentTrialId: string | null = null;
  if (action.restore) {
    const [parent] = (await em.query(`SELECT id FROM trial WHERE sweep_id = $1 AND number = $2`, [sweep.id, action.restore.trial])) as Array<{ id: string }>;
    parentTrialId = parent?.id ?? null;
  }
  await em.query(
    `INSERT INTO trial (id, sweep_id, number, status, params, attempt, lease_token, parent_trial_id, restore_step)
     VALUES ($1, $2, $3, 'QUEUED', $4, 0, $5, $6, $7)`,
    [id, sweep.id, action.trial, JSON.stringify(action.params), leaseToken, parentTrialId, action.restore?.step ?? null],
  );
  // clock_timestamp(), not now(): now() is the transaction's start, and dispatch latency is measured from here.
  await em.query(`INSERT INTO trial_event (trial_id, sweep_id, type, data) VALUES ($1, $2, 'created', $3::jsonb || jsonb_build_object('insertedAt', clock_timestamp()))`, [
    id, sweep.id, JSON.stringify({ number: action.trial, ...(action.restore ? { restore: action.restore } : {}) }),
  ]);
  const assignment: Assignment = assignmentSchema.parse({
    v: PROTOCOL_VERSION,
    trialId: id,
    sweepId: sweep.id,
    projectId: sweep.projectId,
    number: action.trial,
    leaseToken,
    metric: config.metric ? { name: config.metric.name, goal: config.metric.goal } : null,
    params: action.params,
    trainer: config.trainer ?? { type: 'command', command: config.command ?? ['${env}', '${interpreter}', '${program}', '${args}'], ...(config.program ? { program: config.program } : {}) },
    ...(config.checkpointStore ? { checkpointStore: { path: config.checkpointStore.path } } : {}),
    ...(config.resources ? { resources: { gpus: config.resources.gpus } } : {}),
    ...(config.env ? { env: config.env } : {}),
    ...(action.restore && parentTrialId ? { restore: { trialId: parentTrialId, step: action.restore.step } } : {}),
    createdAt: new Date().toISOString(),
  });
  await em.query(`INSERT INTO outbox (subject, msg_id, payload) VALUES ($1, $2, $3)`, [
    org.assignSubject(sweep.pool),
    assignmentMsgId(id, 0),
    JSON.stringify(assignment),
  ]);
}

async function recordStop(
  em: EntityManager,
  org: OrgNames,
  sweepId: string,
  action: Extract<SearcherAction, { type: 'stop' }>,
): Promise<void> {
  const [trial] = (await em.query(`SELECT id FROM trial WHERE sweep_id = $1 AND number = $2`, [sweepId, action.trial])) as Array<{ id: string }>;
  if (!trial) return;
  await em.query(`INSERT INTO trial_event (trial_id, sweep_id, type, data) VALUES ($1, $2, 'decision', $3)`, [
    trial.id, sweepId, JSON.stringify({ decision: 'stop', evidence: action.evidence }),
  ]);
  await enqueueStop(em, org, trial.id, 'early stopping decision');
}

/** A KV put is a JetStream publish on `$KV.<bucket>.<key>`, so it rides the same outbox. */
export async function enqueueStop(em: EntityManager, org: OrgNames, trialId: string, reason: string): Promise<void> {
  await em.query(`INSERT INTO outbox (subject, msg_id, payload) VALUES ($1, $2, $3)`, [
    `$KV.${org.controlBucket}.${trialId}`,
    `stop:${trialId}`,
    JSON.stringify({ v: PROTOCOL_VERSION, action: 'stop', reason, at: Date.now() }),
  ]);
}

async function organizationOf(em: EntityManager, projectId: string): Promise<string> {
  const [row] = (await em.query(`SELECT organization_id FROM project WHERE id = $1`, [projectId])) as Array<{ organization_id: string }>;
  if (!row) throw new SchedulerError('PROJECT_MISSING', `the sweep's project ${projectId} is gone while the sweep row is locked`);
  return row.organization_id;
}
