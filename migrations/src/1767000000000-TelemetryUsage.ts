import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What each trial has stored, so ingest can hold a sweep's telemetry limits (distinct metric
 * keys, points per series, log bytes) exactly: the counters are read and written under the
 * trial's row lock, in the transaction that stores the telemetry, whichever API process ingests.
 * Existing trials get their counters from what they already hold.
 */
export class TelemetryUsage1767000000000 implements MigrationInterface {
  name = 'TelemetryUsage1767000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE metric_series (
        trial_id uuid NOT NULL REFERENCES trial(id) ON DELETE CASCADE,
        key text NOT NULL,
        points integer NOT NULL,
        PRIMARY KEY (trial_id, key)
      );
      CREATE TABLE trial_usage (
        trial_id uuid PRIMARY KEY REFERENCES trial(id) ON DELETE CASCADE,
        metric_keys integer NOT NULL DEFAULT 0,
        log_bytes bigint NOT NULL DEFAULT 0
      );
      INSERT INTO metric_series (trial_id, key, points) SELECT trial_id, key, count(*) FROM metric GROUP BY trial_id, key;
      INSERT INTO trial_usage (trial_id, metric_keys, log_bytes)
        SELECT t.id,
               (SELECT count(*) FROM metric_series s WHERE s.trial_id = t.id),
               COALESCE((SELECT sum(octet_length(array_to_string(l.lines, ''))) FROM trial_log l WHERE l.trial_id = t.id), 0)
          FROM trial t
         WHERE EXISTS (SELECT 1 FROM metric_series s WHERE s.trial_id = t.id) OR EXISTS (SELECT 1 FROM trial_log l WHERE l.trial_id = t.id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE trial_usage; DROP TABLE metric_series;`);
  }
}
