import type { BudgetUsage, FinishedCosts, TrialCost } from '@anneal/core';
import type { Queryable } from './queryable.js';

/** One trial's cost: so far while it runs, in all once it ended. */
export type TrialSpend = TrialCost;

/** A sweep's spending, shaped as the core's budget rule reads it. */
export type SweepSpend = BudgetUsage;

const HOURS = 3600;

/** The median from the lower and upper middle values (equal for an odd count), as the core's `(a + b) / 2`. */
const middle = (mid: number[] | null | undefined): number | null => (mid?.[0] == null || mid[1] == null ? null : (mid[0] + mid[1]) / 2);

/**
 * Reads what a sweep's trials cost, from their start and end times and the GPU share their
 * agent reported (`trial.gpus`; NULL counts as no GPU). Times come from the database clock so
 * running trials are measured against the same clock their start was stamped with.
 *
 * The scheduler reads this on every tick of a budgeted sweep, so finished trials (all but at
 * most max_concurrent of them) are summed up in SQL: one row whatever the sweep's size.
 * Running trials stay one row each: the rule weighs each against the expected cost.
 */
export class SpendStore {
  constructor(private readonly db: Queryable) {}

  async ofSweep(sweepId: string): Promise<SweepSpend> {
    // Each finished trial's hours are computed per row exactly as they were in JavaScript before
    // (same float8 operations in the same order), so the budget's figures do not move:
    // - `gpus::text::float8` reads the share as the agent wrote it (0.3), which is what the
    //   driver's parse of the real column gave, not the float4's widening (0.30000001...).
    // - A median is the mean of the lower and upper middle values, as the core computes it;
    //   percentile_cont interpolates as a + (b - a) * 0.5, which can differ in the last bit and
    //   tip a floor() in the rule. percentile_disc at 0.5 is row ceil(n/2), at 0.5 + 0.25/n row
    //   floor(n/2) + 1: the two middle rows for an even n, the middle one twice for an odd n,
    //   from one sort per column.
    const [row]: Array<{
      wall: number; created: number; queued: number; finished: number;
      gpu_sum: number | null; wall_sum: number | null; gpu_mid: number[] | null; wall_mid: number[] | null;
    }> = await this.db.query(
      `SELECT EXTRACT(EPOCH FROM now() - s.created_at)::float8 AS wall, c.*, f.*
         FROM sweep s
        CROSS JOIN LATERAL (
           SELECT count(*)::int AS created,
                  count(*) FILTER (WHERE status = 'QUEUED')::int AS queued,
                  count(*) FILTER (WHERE started_at IS NOT NULL AND finished_at IS NOT NULL)::int AS finished
             FROM trial WHERE sweep_id = s.id) c
        CROSS JOIN LATERAL (
           SELECT sum(gpu) AS gpu_sum, sum(wall) AS wall_sum,
                  percentile_disc(ARRAY[0.5, 0.5 + 0.25 / greatest(c.finished, 1)]) WITHIN GROUP (ORDER BY gpu) AS gpu_mid,
                  percentile_disc(ARRAY[0.5, 0.5 + 0.25 / greatest(c.finished, 1)]) WITHIN GROUP (ORDER BY wall) AS wall_mid
             FROM (SELECT coalesce(gpus::text::float8, 0) * seconds / ${HOURS}::float8 AS gpu, seconds / ${HOURS}::float8 AS wall
                     FROM (SELECT gpus, GREATEST(0, EXTRACT(EPOCH FROM finished_at - started_at)::float8) AS seconds
                             FROM trial WHERE sweep_id = s.id AND started_at IS NOT NULL AND finished_at IS NOT NULL) t
                   -- OFFSET 0 keeps the planner from inlining gpu and wall into each aggregate
                   -- above, which would compute every row's hours once per aggregate. (GREATEST
                   -- after the cast: the same value, compared as float8 rather than numeric.)
                   OFFSET 0) r) f
        WHERE s.id = $1`,
      [sweepId],
    );
    const running: Array<{ seconds: number; gpus: number | null }> = await this.db.query(
      `SELECT GREATEST(0, EXTRACT(EPOCH FROM now() - started_at))::float8 AS seconds, gpus
         FROM trial WHERE sweep_id = $1 AND status = 'RUNNING' AND started_at IS NOT NULL AND finished_at IS NULL`,
      [sweepId],
    );
    const finished: FinishedCosts = {
      count: row?.finished ?? 0,
      gpuHours: row?.gpu_sum ?? 0,
      wallHours: row?.wall_sum ?? 0,
      medianGpuHours: middle(row?.gpu_mid),
      medianWallHours: middle(row?.wall_mid),
    };
    return {
      wallHours: (row?.wall ?? 0) / HOURS,
      trialsCreated: row?.created ?? 0,
      queued: row?.queued ?? 0,
      finished,
      running: running.map((r) => ({ gpuHours: (r.gpus ?? 0) * r.seconds / HOURS, wallHours: r.seconds / HOURS })),
    };
  }
}
