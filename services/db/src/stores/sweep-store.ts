import type { SearcherState } from '@anneal/core';
import { ACTIVE_SWEEP_STATUSES, FINAL_SWEEP_STATUSES, type SweepStatus } from '../model.js';
import { toNumber, type Queryable } from './queryable.js';

/**
 * A finished trial of the `warm_start` sweep as createSweep captured it: its `value` when the new
 * sweep has one metric; with several objectives `values`, the new sweep's objectives in its order,
 * matched by name (null where the trial had none: the scheduler skips it and counts it).
 */
export interface CapturedWarmTrial { params: Record<string, unknown>; value?: number; values?: (number | null)[] }

/** A sweep as readers see it (its organization comes from its project). */
export interface Sweep {
  id: string; projectId: string; organizationId: string; name: string; status: SweepStatus; method: string;
  /** The config exactly as the user wrote it (comments and order kept). */
  configText: string; metricName: string | null; metricGoal: 'minimize' | 'maximize' | null;
  createdAt: Date; finishedAt: Date | null;
  /** Why it ended as it did, in words: the last trial errors of a FAILED sweep, who stopped a STOPPED one. */
  statusReason: string | null;
  /** Trials queued or running at once, and the trials it may create (null: no cap); both can change while it runs. */
  maxConcurrent: number; runCap: number | null;
  /** What members wrote about it. */
  notes: string; tags: string[];
}

/** What the scheduler needs besides: the searcher's state and what it is allowed to run. */
export interface SchedulableSweep extends Sweep {
  pool: string; seed: number;
  searcherState: SearcherState | null;
  /** Finished trials of the `warm_start` sweep, captured at creation, until the first tick tells the searcher. */
  warmStart: CapturedWarmTrial[] | null;
}

export interface NewSweep {
  id: string; projectId: string; name: string; method: string; configText: string;
  /** The parsed config, as JSON. */
  config: unknown;
  metricName: string | null; metricGoal: 'minimize' | 'maximize' | null;
  pool: string; maxConcurrent: number; seed: number; searcherState: SearcherState;
  warmStart: CapturedWarmTrial[] | null; createdBy: string | null;
}

// The sweep table's columns, written once. The first list is what every reader gets.
const COLUMNS = `s.id, s.project_id, p.organization_id, s.name, s.status, s.method, s.config_text, s.metric_name,
                 s.metric_goal, s.created_at, s.finished_at, s.status_reason, s.max_concurrent,
                 coalesce(s.run_cap, (s.config->>'run_cap')::integer) AS run_cap, s.notes, s.tags`;
const SCHEDULING_COLUMNS = `${COLUMNS}, s.pool, s.seed, s.searcher_state, s.warm_start`;
const FROM = `FROM sweep s JOIN project p ON p.id = s.project_id`;

export const toSweep = (r: Record<string, unknown>): Sweep => ({
  id: r.id as string, projectId: r.project_id as string, organizationId: r.organization_id as string,
  name: r.name as string, status: r.status as SweepStatus, method: r.method as string,
  configText: r.config_text as string, metricName: r.metric_name as string | null,
  metricGoal: r.metric_goal as Sweep['metricGoal'], createdAt: r.created_at as Date, finishedAt: r.finished_at as Date | null,
  statusReason: (r.status_reason as string | null | undefined) ?? null,
  maxConcurrent: r.max_concurrent as number, runCap: (r.run_cap as number | null) ?? null,
  notes: (r.notes as string | undefined) ?? '', tags: (r.tags as string[] | undefined) ?? [],
});

const toSchedulableSweep = (r: Record<string, unknown>): SchedulableSweep => ({
  ...toSweep(r),
  pool: r.pool as string, seed: toNumber(r.seed),
  searcherState: r.searcher_state as SearcherState | null, warmStart: r.warm_start as CapturedWarmTrial[] | null,
});

/** Owner of the `sweep` table. */
export class SweepStore {
  constructor(private readonly db: Queryable) {}

  async get(id: string): Promise<Sweep | null> {
    const [row] = await this.db.query(`SELECT ${COLUMNS} ${FROM} WHERE s.id = $1`, [id]);
    return row ? toSweep(row) : null;
  }

  async listOfProjects(projectIds: readonly string[]): Promise<Sweep[]> {
    const rows = await this.db.query(`SELECT ${COLUMNS} ${FROM} WHERE s.project_id = ANY($1::uuid[]) ORDER BY s.created_at DESC`, [projectIds]);
    return rows.map(toSweep);
  }

  /** The config text of each given sweep, by id (missing ones left out). */
  async configTexts(ids: readonly string[]): Promise<Map<string, string>> {
    const rows: Array<{ id: string; config_text: string }> = await this.db.query(`SELECT id, config_text FROM sweep WHERE id = ANY($1::uuid[])`, [ids]);
    return new Map(rows.map((r) => [r.id, r.config_text]));
  }

  async insert(s: NewSweep): Promise<void> {
    await this.db.query(
      `INSERT INTO sweep (id, project_id, name, status, method, config_text, config, metric_name, metric_goal, pool,
                          max_concurrent, seed, searcher_state, warm_start, created_by)
       VALUES ($1, $2, $3, 'PENDING', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
      [s.id, s.projectId, s.name, s.method, s.configText, JSON.stringify(s.config), s.metricName, s.metricGoal, s.pool,
        s.maxConcurrent, s.seed, JSON.stringify(s.searcherState), s.warmStart ? JSON.stringify(s.warmStart) : null, s.createdBy],
    );
  }

  /**
   * The status under a row lock held until the caller's transaction ends; null when gone.
   * NO KEY UPDATE, as every sweep lock here: it still serializes the API and the scheduler, but
   * lets ingest's foreign-key checks through (they take KEY SHARE on the sweep while ingest holds
   * trial rows), which a plain FOR UPDATE turned into a deadlock with a stop that updates trials.
   */
  async lockStatus(id: string): Promise<SweepStatus | null> {
    const [row] = await this.db.query(`SELECT status FROM sweep WHERE id = $1 FOR NO KEY UPDATE`, [id]);
    return row ? (row.status as SweepStatus) : null;
  }

  /** Replaces what is given of a sweep's notes and tags. */
  async annotate(id: string, a: { notes?: string; tags?: readonly string[] }): Promise<void> {
    await this.db.query(`UPDATE sweep SET notes = coalesce($2, notes), tags = coalesce($3, tags), updated_at = now() WHERE id = $1`, [id, a.notes ?? null, a.tags ?? null]);
  }

  /** Whether the searcher has created every trial it ever will (run_cap reached, grid done, target met). */
  async searcherExhausted(id: string): Promise<boolean> {
    const [row] = await this.db.query(`SELECT coalesce((searcher_state->>'exhausted')::boolean, false) AS done FROM sweep WHERE id = $1`, [id]);
    return Boolean(row?.done);
  }

  /** Changes what a running sweep may do; an absent value stays as it is. */
  async setLimits(id: string, limits: { runCap?: number; maxConcurrent?: number }): Promise<void> {
    await this.db.query(
      `UPDATE sweep SET run_cap = coalesce($2, run_cap), max_concurrent = coalesce($3, max_concurrent), updated_at = now() WHERE id = $1`,
      [id, limits.runCap ?? null, limits.maxConcurrent ?? null],
    );
  }

  /** `reason` says why (kept for final statuses; a sweep that goes on has none). */
  async setStatus(id: string, status: SweepStatus, reason: string | null = null): Promise<void> {
    await this.db.query(
      `UPDATE sweep SET status = $2, updated_at = now(), status_reason = $4,
              finished_at = CASE WHEN $2 = ANY($3::text[]) THEN now() ELSE finished_at END
        WHERE id = $1`,
      [id, status, FINAL_SWEEP_STATUSES, reason],
    );
  }

  /** Sweeps the scheduler still ticks, oldest first. */
  async activeIds(): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.db.query(
      `SELECT id FROM sweep WHERE status = ANY($1::text[]) ORDER BY created_at`, [ACTIVE_SWEEP_STATUSES],
    );
    return rows.map((r) => r.id);
  }

  /** The sweep with everything a tick needs, locked (not its project) until the transaction ends; see `lockStatus` on the lock's strength. */
  async lockForScheduling(id: string): Promise<SchedulableSweep | null> {
    const [row] = await this.db.query(
      `SELECT ${SCHEDULING_COLUMNS} FROM sweep s LEFT JOIN project p ON p.id = s.project_id WHERE s.id = $1 FOR NO KEY UPDATE OF s`, [id],
    );
    return row ? toSchedulableSweep(row) : null;
  }

  /** The searcher's new state and the sweep's status (and why) after a tick; a pending warm start is used up. */
  async saveSchedulingState(id: string, searcherState: SearcherState, status: SweepStatus, reason: string | null = null): Promise<void> {
    await this.db.query(
      `UPDATE sweep SET searcher_state = $2, status = $3, warm_start = NULL, updated_at = now(), status_reason = $5,
              finished_at = CASE WHEN $3 = ANY($4::text[]) THEN now() ELSE finished_at END
        WHERE id = $1`,
      [id, JSON.stringify(searcherState), status, FINAL_SWEEP_STATUSES, reason],
    );
  }
}
