import { FINAL_TRIAL_STATUSES, type SweepStatus, type TrialStatus } from '../model.js';
import { returnedRows, type Queryable } from './queryable.js';

/** A trial as readers see it (its organization comes from its sweep's project). The lease token stays inside. */
export interface Trial {
  id: string; sweepId: string; organizationId: string; number: number; status: TrialStatus;
  /** Flat (dotted) names, as the search space knows them. */
  params: Record<string, unknown>;
  /** Last reported value of the sweep's metric. */
  objective: number | null;
  /** Delivery attempt of the assignment whose agent currently owns the trial (0 before start). */
  attempt: number; agentId: string | null;
  error: string | null; logTail: string | null; parentTrialId: string | null; restoreStep: number | null;
  createdAt: Date; startedAt: Date | null; finishedAt: Date | null;
  /** GPUs it held while running, a share when trials share a GPU; null before it started (or from an older agent). */
  gpus: number | null;
  /** What members wrote about it. */
  notes: string; tags: string[];
  /** Why its parameters could not run at all (out of memory, or the trainer said so); null otherwise. */
  infeasible: TrialInfeasibility | null;
}

/** What the agent saw: the reason, and the output line that shows it. */
/** out_of_memory and trainer come from the agent; constraint from the scheduler (a metric outside its bound). */
export interface TrialInfeasibility { reason: 'out_of_memory' | 'trainer' | 'constraint'; evidence: string }

/** What ingest checks a telemetry message against, read under the trial's row lock. */
export interface TrialLease {
  id: string; sweepId: string; organizationId: string; status: TrialStatus; attempt: number; leaseToken: string;
  metricName: string | null; objectiveStep: number | null;
  /** A trial that ends `stopped` while its sweep is STOPPED was stopped by a person, not by the searcher. */
  sweepStatus: SweepStatus;
  /** Who asked to stop this one trial (then it ends STOPPED too); null when nobody did. */
  stopRequestedBy: string | null;
}

export interface NewTrial {
  id: string; sweepId: string; number: number; params: Record<string, unknown>; leaseToken: string;
  parentTrialId: string | null; restoreStep: number | null;
}

export interface TrialOutcome {
  id: string; number: number; status: 'COMPLETED' | 'PRUNED' | 'STOPPED' | 'FAILED'; objective: number | null;
  /** What it cost, for cost-aware search: hours run, and those × its GPU share; 0 when it never started. */
  wallHours: number; gpuHours: number;
  /** Its agent found its parameters cannot run (out of memory, or the trainer's word). */
  infeasible: boolean;
}

/** A failed trial's error, one per distinct message, for a sweep's status reason. */
export interface TrialFailure { number: number; error: string }

export type TrialOrder = 'OBJECTIVE' | 'NUMBER';

// The trial table's readable columns, written once; `organization_id` joins in from the project.
const OWN_COLUMNS = `t.id, t.sweep_id, t.number, t.status, t.params, t.objective, t.attempt, t.agent_id, t.error, t.log_tail,
                     t.parent_trial_id, t.restore_step, t.created_at, t.started_at, t.finished_at, t.notes, t.tags, t.gpus, t.infeasible`;
const COLUMNS = `${OWN_COLUMNS}, p.organization_id`;
const FROM = `FROM trial t JOIN sweep s ON s.id = t.sweep_id JOIN project p ON p.id = s.project_id`;

export const toTrial = (r: Record<string, unknown>): Trial => ({
  id: r.id as string, sweepId: r.sweep_id as string, organizationId: r.organization_id as string,
  number: r.number as number, status: r.status as TrialStatus, params: r.params as Record<string, unknown>,
  objective: r.objective as number | null, attempt: r.attempt as number, agentId: r.agent_id as string | null,
  error: r.error as string | null, logTail: r.log_tail as string | null, parentTrialId: r.parent_trial_id as string | null,
  restoreStep: r.restore_step as number | null, createdAt: r.created_at as Date, startedAt: r.started_at as Date | null,
  finishedAt: r.finished_at as Date | null, gpus: (r.gpus as number | null | undefined) ?? null, notes: (r.notes as string | undefined) ?? '', tags: (r.tags as string[] | undefined) ?? [],
  infeasible: (r.infeasible as TrialInfeasibility | null | undefined) ?? null,
});

export interface TrialCount {
  sweepId: string; status: TrialStatus; n: number;
  /** Of those, the ones whose agent found their parameters cannot run (optional: callers that build counts need not say). */
  infeasible?: number;
}

/** Owner of the `trial` table. */
export class TrialStore {
  constructor(private readonly db: Queryable) {}

  // ---- reads ----

  async get(id: string): Promise<Trial | null> {
    const [row] = await this.db.query(`SELECT ${COLUMNS} ${FROM} WHERE t.id = $1`, [id]);
    return row ? toTrial(row) : null;
  }

  /**
   * The leaderboard. OBJECTIVE puts the best first for the metric's goal; trials without an
   * objective yet go last, and ties break by trial number so pages never overlap.
   */
  async page(sweepId: string, o: { goal: 'minimize' | 'maximize' | null; orderBy: TrialOrder; limit: number; offset: number }): Promise<Trial[]> {
    const order = o.orderBy === 'OBJECTIVE'
      ? `t.objective ${o.goal === 'maximize' ? 'DESC' : 'ASC'} NULLS LAST, t.number`
      : 't.number';
    const rows = await this.db.query(`SELECT ${COLUMNS} ${FROM} WHERE t.sweep_id = $1 ORDER BY ${order} LIMIT $2 OFFSET $3`, [sweepId, o.limit, o.offset]);
    return rows.map(toTrial);
  }

  /**
   * A sweep's COMPLETED trials that are not infeasible, by number, at most `limit`: the
   * candidates for its Pareto front (a trial that broke a constraint cannot stand on it).
   */
  async feasibleCompletedOf(sweepId: string, limit: number): Promise<Trial[]> {
    const rows = await this.db.query(
      `SELECT ${COLUMNS} ${FROM} WHERE t.sweep_id = $1 AND t.status = 'COMPLETED' AND t.infeasible IS NULL ORDER BY t.number LIMIT $2`, [sweepId, limit],
    );
    return rows.map(toTrial);
  }

  /** The given trials of a sweep, in the order of `ids` (ids of other sweeps are left out). */
  async ofSweepByIds(sweepId: string, ids: readonly string[]): Promise<Trial[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.query(
      `SELECT ${COLUMNS} ${FROM} JOIN unnest($2::uuid[]) WITH ORDINALITY AS pick(id, pos) ON pick.id = t.id
        WHERE t.sweep_id = $1 ORDER BY pick.pos`,
      [sweepId, ids],
    );
    return rows.map(toTrial);
  }

  /** A page of a sweep's trials by number, leaving out `exclude` (the ones a Pareto order put first). */
  async pageExcluding(sweepId: string, exclude: readonly string[], limit: number, offset: number): Promise<Trial[]> {
    const rows = await this.db.query(
      `SELECT ${COLUMNS} ${FROM} WHERE t.sweep_id = $1 AND NOT (t.id = ANY($2::uuid[])) ORDER BY t.number LIMIT $3 OFFSET $4`,
      [sweepId, exclude, limit, offset],
    );
    return rows.map(toTrial);
  }

  async count(sweepId: string): Promise<number> {
    const [row] = await this.db.query(`SELECT count(*)::int AS n FROM trial WHERE sweep_id = $1`, [sweepId]);
    return row.n as number;
  }

  async countsByStatus(sweepIds: readonly string[]): Promise<TrialCount[]> {
    const rows: Array<{ sweep_id: string; status: TrialStatus; n: number; infeasible: number }> = await this.db.query(
      `SELECT sweep_id, status, count(*)::int AS n, count(*) FILTER (WHERE infeasible IS NOT NULL)::int AS infeasible
         FROM trial WHERE sweep_id = ANY($1::uuid[]) GROUP BY sweep_id, status`,
      [sweepIds],
    );
    return rows.map((r) => ({ sweepId: r.sweep_id, status: r.status, n: r.n, infeasible: r.infeasible }));
  }

  /** The best trial of each sweep for its metric's goal (absent: none has an objective yet). */
  async bestOfSweeps(sweepIds: readonly string[]): Promise<Map<string, Trial>> {
    // One LIMIT 1 index probe per sweep and direction instead of sorting every trial.
    const rows = await this.db.query(
      `SELECT b.*, p.organization_id
         FROM unnest($1::uuid[]) AS u(sweep_id)
         JOIN sweep s ON s.id = u.sweep_id
         JOIN project p ON p.id = s.project_id
         CROSS JOIN LATERAL (
           (SELECT ${OWN_COLUMNS}
             FROM trial t
            WHERE t.sweep_id = u.sweep_id AND t.objective IS NOT NULL AND s.metric_goal = 'minimize'
            ORDER BY t.objective ASC, t.number LIMIT 1)
           UNION ALL
           (SELECT ${OWN_COLUMNS}
             FROM trial t
            WHERE t.sweep_id = u.sweep_id AND t.objective IS NOT NULL AND s.metric_goal = 'maximize'
            ORDER BY t.objective DESC NULLS LAST, t.number LIMIT 1)
         ) AS b`,
      [sweepIds],
    );
    return new Map(rows.map((r: Record<string, unknown>) => [r.sweep_id as string, toTrial(r)]));
  }

  /**
   * Completed trials with their objective: the data of parameter importance (every one: a value
   * that broke a constraint still says how the parameters move the metric) and, `feasibleOnly`,
   * a warm start for another sweep (which would otherwise take an infeasible optimum for a good region).
   */
  async completedResults(sweepId: string, o: { feasibleOnly?: boolean } = {}): Promise<Array<{ params: Record<string, unknown>; value: number }>> {
    const rows: Array<{ params: Record<string, unknown>; objective: number }> = await this.db.query(
      `SELECT params, objective FROM trial WHERE sweep_id = $1 AND status = 'COMPLETED' AND objective IS NOT NULL${o.feasibleOnly ? ' AND infeasible IS NULL' : ''} ORDER BY number`,
      [sweepId],
    );
    return rows.map((r) => ({ params: r.params, value: r.objective }));
  }

  /**
   * Completed feasible trials with what their objective values are read from besides metrics
   * (when they ran, on how many GPUs): a multi-objective warm start for another sweep.
   */
  async completedRuns(sweepId: string): Promise<Array<Pick<Trial, 'id' | 'params' | 'startedAt' | 'finishedAt' | 'gpus'>>> {
    const rows: Array<Record<string, unknown>> = await this.db.query(
      `SELECT id, params, started_at, finished_at, gpus FROM trial WHERE sweep_id = $1 AND status = 'COMPLETED' AND infeasible IS NULL ORDER BY number`,
      [sweepId],
    );
    return rows.map((r) => ({
      id: r.id as string, params: r.params as Record<string, unknown>, startedAt: r.started_at as Date | null,
      finishedAt: r.finished_at as Date | null, gpus: (r.gpus as number | null | undefined) ?? null,
    }));
  }

  async active(sweepId: string): Promise<Array<{ id: string; status: 'QUEUED' | 'RUNNING' }>> {
    return this.db.query(`SELECT id, status FROM trial WHERE sweep_id = $1 AND status IN ('QUEUED', 'RUNNING')`, [sweepId]);
  }

  /**
   * Trials the sweep still waits on: queued or running, or finished but not yet told to the
   * searcher. A tick reads outcomes and counts in separate statements, so a trial whose finish
   * commits in between must still count, or the tick could end the sweep without telling it.
   */
  async countActive(sweepId: string): Promise<number> {
    const [row] = await this.db.query(
      `SELECT count(*)::int AS active FROM trial WHERE sweep_id = $1 AND (status IN ('QUEUED', 'RUNNING') OR NOT told_searcher)`, [sweepId],
    );
    return row.active as number;
  }

  async idByNumber(sweepId: string, number: number): Promise<string | null> {
    const [row] = await this.db.query(`SELECT id FROM trial WHERE sweep_id = $1 AND number = $2`, [sweepId, number]);
    return (row?.id as string | undefined) ?? null;
  }

  /** Ids and lease tokens of a sweep's trials (for tools that play an agent). */
  async leaseTokens(sweepId: string): Promise<Array<{ id: string; leaseToken: string }>> {
    const rows: Array<{ id: string; lease_token: string }> = await this.db.query(`SELECT id, lease_token FROM trial WHERE sweep_id = $1`, [sweepId]);
    return rows.map((r) => ({ id: r.id, leaseToken: r.lease_token }));
  }

  // ---- the scheduler's writes ----

  async insert(t: NewTrial): Promise<void> {
    await this.db.query(
      `INSERT INTO trial (id, sweep_id, number, status, params, attempt, lease_token, parent_trial_id, restore_step)
       VALUES ($1, $2, $3, 'QUEUED', $4, 0, $5, $6, $7)`,
      [t.id, t.sweepId, t.number, JSON.stringify(t.params), t.leaseToken, t.parentTrialId, t.restoreStep],
    );
  }

  /** Finished trials whose outcome the searcher has not been told yet, in the order they finished. */
  async untoldOutcomes(sweepId: string): Promise<TrialOutcome[]> {
    return this.db.query(
      `SELECT id, number, status, objective,
              coalesce(EXTRACT(EPOCH FROM finished_at - started_at), 0)::float8 / 3600 AS "wallHours",
              coalesce(EXTRACT(EPOCH FROM finished_at - started_at) * gpus, 0)::float8 / 3600 AS "gpuHours",
              infeasible IS NOT NULL AS infeasible
         FROM trial
        WHERE sweep_id = $1 AND NOT told_searcher AND status = ANY($2::text[])
        ORDER BY finished_at, number`,
      [sweepId, FINAL_TRIAL_STATUSES],
    );
  }

  async markTold(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db.query(`UPDATE trial SET told_searcher = true WHERE id = ANY($1::uuid[])`, [ids]);
  }

  /** Queued trials that will never start because a person stopped their sweep. */
  async stopQueued(ids: readonly string[], error: string): Promise<void> {
    await this.db.query(`UPDATE trial SET status = 'STOPPED', finished_at = now(), error = $2 WHERE id = ANY($1::uuid[])`, [ids, error]);
  }

  /** The latest `limit` distinct errors of a sweep's FAILED trials, newest first, each with the last trial that had it. */
  async lastFailures(sweepId: string, limit: number): Promise<TrialFailure[]> {
    const rows: Array<{ number: number; error: string }> = await this.db.query(
      `SELECT number, error FROM (
         SELECT DISTINCT ON (error) number, error, finished_at FROM trial
          WHERE sweep_id = $1 AND status = 'FAILED' AND error IS NOT NULL
          ORDER BY error, finished_at DESC NULLS LAST, number DESC
       ) d ORDER BY finished_at DESC NULLS LAST, number DESC LIMIT $2`,
      [sweepId, limit],
    );
    return rows.map((r) => ({ number: r.number, error: r.error }));
  }

  /**
   * RUNNING trials past their last delivery that no live agent claims and that have been silent
   * since `silentSince` end FAILED; returns them.
   */
  async failLost(o: { minAttempt: number; claimed: readonly string[]; silentSince: number }): Promise<Array<{ id: string; sweepId: string; agentId: string | null }>> {
    const result: unknown = await this.db.query(
      `UPDATE trial SET status = 'FAILED', finished_at = now(),
              error = 'lost: its agent (' || coalesce(agent_id, 'unknown') || ') stopped reporting and every delivery attempt is used'
        WHERE status = 'RUNNING' AND attempt >= $1 AND NOT (id = ANY($2::uuid[]))
          AND coalesce(heartbeat_at, started_at, created_at) < to_timestamp($3 / 1000.0)
        RETURNING id, sweep_id, agent_id`,
      [o.minAttempt, o.claimed, o.silentSince],
    );
    return returnedRows<{ id: string; sweep_id: string; agent_id: string | null }>(result)
      .map((r) => ({ id: r.id, sweepId: r.sweep_id, agentId: r.agent_id }));
  }

  // ---- ingest's writes ----

  /**
   * Records a person's request to stop one active trial; false when the trial is no longer
   * queued or running (nothing to stop). A queued trial ends at once, STOPPED.
   */
  async requestStop(id: string, by: string): Promise<{ stopped: 'queued' | 'running' } | null> {
    const rows = returnedRows<{ was: TrialStatus }>(await this.db.query(
      `UPDATE trial t SET stop_requested_by = $2,
              status = CASE WHEN t.status = 'QUEUED' THEN 'STOPPED' ELSE t.status END,
              finished_at = CASE WHEN t.status = 'QUEUED' THEN now() ELSE t.finished_at END,
              error = CASE WHEN t.status = 'QUEUED' THEN 'stopped by ' || $2 || ' before it started' ELSE t.error END
         FROM trial old WHERE t.id = $1 AND old.id = t.id AND t.status IN ('QUEUED', 'RUNNING')
       RETURNING old.status AS was`,
      [id, by],
    ));
    const was = rows[0]?.was;
    return was ? { stopped: was === 'QUEUED' ? 'queued' : 'running' } : null;
  }

  /** Replaces what is given of a trial's notes and tags. */
  async annotate(id: string, a: { notes?: string; tags?: readonly string[] }): Promise<void> {
    await this.db.query(`UPDATE trial SET notes = coalesce($2, notes), tags = coalesce($3, tags) WHERE id = $1`, [id, a.notes ?? null, a.tags ?? null]);
  }

  /** How many of a sweep's trials completed, and how many have a value of its metric (any status). */
  async completedAndValued(sweepId: string): Promise<{ completed: number; valued: number }> {
    const [row] = await this.db.query(
      `SELECT count(*) FILTER (WHERE status = 'COMPLETED')::int AS completed, count(*) FILTER (WHERE objective IS NOT NULL)::int AS valued
         FROM trial WHERE sweep_id = $1`, [sweepId],
    );
    return { completed: row.completed as number, valued: row.valued as number };
  }

  /** Leases of the given trials, locked against concurrent ingest until the transaction ends. */
  async lockLeases(ids: readonly string[]): Promise<TrialLease[]> {
    const rows: Array<{
      id: string; sweep_id: string; status: TrialStatus; attempt: number; lease_token: string;
      metric_name: string | null; objective_step: number | null; organization_id: string; sweep_status: SweepStatus; stop_requested_by: string | null;
    }> = await this.db.query(
      `SELECT t.id, t.sweep_id, t.status, t.attempt, t.lease_token, s.metric_name, t.objective_step, p.organization_id, s.status AS sweep_status,
              t.stop_requested_by
         ${FROM}
        WHERE t.id = ANY($1::uuid[])
        ORDER BY t.id
        FOR UPDATE OF t`,
      [ids],
    );
    return rows.map((r) => ({
      id: r.id, sweepId: r.sweep_id, organizationId: r.organization_id, status: r.status, attempt: r.attempt,
      leaseToken: r.lease_token, metricName: r.metric_name, objectiveStep: r.objective_step, sweepStatus: r.sweep_status,
      stopRequestedBy: r.stop_requested_by,
    }));
  }

  /** The objective is the value at the highest step seen; an older step never overwrites a newer one. */
  async setObjectives(rows: ReadonlyArray<{ trialId: string; value: number; step: number }>): Promise<void> {
    if (rows.length === 0) return;
    await this.db.query(
      `UPDATE trial t SET objective = u.value, objective_step = u.step
         FROM unnest($1::uuid[], $2::float8[], $3::int[]) AS u(id, value, step)
        WHERE t.id = u.id AND (t.objective_step IS NULL OR t.objective_step <= u.step)`,
      [rows.map((r) => r.trialId), rows.map((r) => r.value), rows.map((r) => r.step)],
    );
  }

  /** A retry on another agent may hold other GPUs: the latest attempt's share is the one kept. */
  async markRunning(id: string, o: { attempt: number; agentId: string; at: string; gpus: number | null }): Promise<void> {
    await this.db.query(
      `UPDATE trial SET status = 'RUNNING', attempt = $2, agent_id = $3, started_at = COALESCE(started_at, $4), heartbeat_at = $4, gpus = $5
        WHERE id = $1`,
      [id, o.attempt, o.agentId, o.at, o.gpus],
    );
  }

  async markFinished(id: string, o: { status: TrialStatus; at: string; error: string | null; logTail: string | null; infeasible?: TrialInfeasibility | null }): Promise<void> {
    await this.db.query(
      `UPDATE trial SET status = $2, finished_at = $3, error = $4, log_tail = $5, infeasible = $6::jsonb WHERE id = $1`,
      [id, o.status, o.at, o.error, o.logTail, o.infeasible ? JSON.stringify(o.infeasible) : null],
    );
  }

  /** Records a verdict reached after the trial ended (a broken metric bound); the agent's own, if any, stays. */
  async markInfeasible(id: string, infeasible: TrialInfeasibility): Promise<void> {
    await this.db.query(`UPDATE trial SET infeasible = $2::jsonb WHERE id = $1 AND infeasible IS NULL`, [id, JSON.stringify(infeasible)]);
  }

  async heartbeat(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db.query(`UPDATE trial SET heartbeat_at = now() WHERE id = ANY($1::uuid[])`, [ids]);
  }
}
