import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Why a trial's parameters could not run at all, as its agent reported on finish:
 * `{"reason": "out_of_memory" | "trainer", "evidence": "<the log line>"}`. The scheduler tells
 * the searcher, which learns to avoid the region. NULL: an ordinary end, or an older agent.
 */
export class TrialInfeasible1767810000000 implements MigrationInterface {
  name = 'TrialInfeasible1767810000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE trial ADD COLUMN infeasible jsonb NULL CHECK (infeasible IS NULL OR jsonb_typeof(infeasible) = 'object')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE trial DROP COLUMN infeasible`);
  }
}
