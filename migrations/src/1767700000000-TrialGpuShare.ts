import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The GPUs a trial held while it ran, as its agent reported on start: a fraction when trials
 * share a GPU (4 slots on one GPU: 0.25 each). With started_at and finished_at it gives the
 * trial's GPU-hours, which budgets and the gpu_hours system metric count. NULL: an agent from
 * before this column, counted as no GPU.
 */
export class TrialGpuShare1767700000000 implements MigrationInterface {
  name = 'TrialGpuShare1767700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE trial ADD COLUMN gpus real NULL CHECK (gpus IS NULL OR gpus >= 0)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE trial DROP COLUMN gpus`);
  }
}
