import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Members keep notes and tags on sweeps and trials: what they tried, what to revisit, what to ship. */
export class NotesAndTags1767600000000 implements MigrationInterface {
  name = 'NotesAndTags1767600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE sweep ADD COLUMN notes text NOT NULL DEFAULT '', ADD COLUMN tags text[] NOT NULL DEFAULT '{}';
      ALTER TABLE trial ADD COLUMN notes text NOT NULL DEFAULT '', ADD COLUMN tags text[] NOT NULL DEFAULT '{}';
      CREATE INDEX trial_tags_idx ON trial USING gin (tags);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX trial_tags_idx;
      ALTER TABLE trial DROP COLUMN tags, DROP COLUMN notes;
      ALTER TABLE sweep DROP COLUMN tags, DROP COLUMN notes;
    `);
  }
}
