import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Only the scheduler steps the searcher. A sweep created with `warm_start` keeps the earlier
 * sweep's finished trials (params and value, taken at creation) here until the scheduler's
 * first tick tells the searcher about them and clears the column in the same transaction.
 */
export class SweepWarmStart1766000000000 implements MigrationInterface {
  name = 'SweepWarmStart1766000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE sweep ADD COLUMN warm_start jsonb NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE sweep DROP COLUMN warm_start`);
  }
}
