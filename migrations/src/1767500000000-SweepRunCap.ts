import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A sweep's run_cap can be changed while it runs (max_concurrent already has its column). The
 * config text stays as the user wrote it; this column, when set, is the cap in force.
 */
export class SweepRunCap1767500000000 implements MigrationInterface {
  name = 'SweepRunCap1767500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE sweep ADD COLUMN run_cap integer NULL CHECK (run_cap IS NULL OR run_cap >= 1)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE sweep DROP COLUMN run_cap`);
  }
}
