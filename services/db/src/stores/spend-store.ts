import type { Queryable } from './queryable.js';

/** One trial's cost: so far while it runs, in all once it ended. */
export interface TrialSpend { gpuHours: number; wallHours: number }

/** A sweep's spending, shaped as the core's budget rule reads it (core `BudgetUsage`). */
export interface SweepSpend {
  /** Hours since the sweep was created. */
  wallHours: number;
  trialsCreated: number;
  /** Trials that started and ended. */
  finished: TrialSpend[];
  running: TrialSpend[];
  /** Created, not started. */
  queued: number;
}

const HOURS = 3600;

/**
 * Reads what a sweep's trials cost, from their start and end times and the GPU share their
 * agent reported (`trial.gpus`; NULL counts as no GPU). Times come from the database clock so
 * running trials are measured against the same clock their start was stamped with.
 */
export class SpendStore {
  constructor(private readonly db: Queryable) {}

  async ofSweep(sweepId: string): Promise<SweepSpend> {
    const [head]: Array<{ wall: number | null; created: number; queued: number }> = await this.db.query(
      `SELECT EXTRACT(EPOCH FROM now() - s.created_at)::float8 AS wall,
              (SELECT count(*)::int FROM trial WHERE sweep_id = s.id) AS created,
              (SELECT count(*)::int FROM trial WHERE sweep_id = s.id AND status = 'QUEUED') AS queued
         FROM sweep s WHERE s.id = $1`,
      [sweepId],
    );
    const rows: Array<{ running: boolean; seconds: number; gpus: number | null }> = await this.db.query(
      `SELECT finished_at IS NULL AS running,
              GREATEST(0, EXTRACT(EPOCH FROM coalesce(finished_at, now()) - started_at))::float8 AS seconds, gpus
         FROM trial WHERE sweep_id = $1 AND started_at IS NOT NULL AND (finished_at IS NOT NULL OR status = 'RUNNING')`,
      [sweepId],
    );
    const cost = (r: { seconds: number; gpus: number | null }): TrialSpend => ({ gpuHours: (r.gpus ?? 0) * r.seconds / HOURS, wallHours: r.seconds / HOURS });
    return {
      wallHours: (head?.wall ?? 0) / HOURS,
      trialsCreated: head?.created ?? 0,
      queued: head?.queued ?? 0,
      finished: rows.filter((r) => !r.running).map(cost),
      running: rows.filter((r) => r.running).map(cost),
    };
  }
}
