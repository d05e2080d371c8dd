import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A person can stop one trial of a running sweep. Ingest must then record STOPPED, not the
 * PRUNED of an early-stopping decision, although the agent reports both stops alike; the row
 * remembers who asked.
 */
export class TrialStopRequest1767400000000 implements MigrationInterface {
  name = 'TrialStopRequest1767400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE trial ADD COLUMN stop_requested_by text NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE trial DROP COLUMN stop_requested_by`);
  }
}
