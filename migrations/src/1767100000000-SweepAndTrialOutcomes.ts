import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How a sweep or a trial ended, told apart:
 * - `sweep.status_reason`: why a sweep ended as it did, in words (for FAILED, the last distinct
 *   trial errors; for STOPPED, who stopped it).
 * - trial status STOPPED: the trial ended because a person stopped its sweep, where PRUNED is left
 *   to the searcher's own decisions (early stopping, PBT's exploit).
 */
export class SweepAndTrialOutcomes1767100000000 implements MigrationInterface {
  name = 'SweepAndTrialOutcomes1767100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE sweep ADD COLUMN status_reason text NULL;
      ALTER TABLE trial DROP CONSTRAINT trial_status_check;
      ALTER TABLE trial ADD CONSTRAINT trial_status_check CHECK (status IN ('QUEUED', 'RUNNING', 'COMPLETED', 'PRUNED', 'STOPPED', 'FAILED'));
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    // Before this migration a user's stop ended trials PRUNED, so that is what they go back to.
    await q.query(`
      UPDATE trial SET status = 'PRUNED' WHERE status = 'STOPPED';
      ALTER TABLE trial DROP CONSTRAINT trial_status_check;
      ALTER TABLE trial ADD CONSTRAINT trial_status_check CHECK (status IN ('QUEUED', 'RUNNING', 'COMPLETED', 'PRUNED', 'FAILED'));
      ALTER TABLE sweep DROP COLUMN status_reason;
    `);
  }
}
