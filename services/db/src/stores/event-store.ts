import type { Queryable } from './queryable.js';

/** One entry of a trial's history: lifecycle (created, started, finished, lost, cancelled), decision, checkpoint, info. */
export interface TrialEvent { id: string; trialId: string; trialNumber: number; type: string; data: Record<string, unknown>; createdAt: Date }

const COLUMNS = `e.id, e.trial_id, t.number, e.type, e.data, e.created_at`;
const FROM = `FROM trial_event e JOIN trial t ON t.id = e.trial_id`;

export const toTrialEvent = (r: Record<string, unknown>): TrialEvent => ({
  id: String(r.id), trialId: r.trial_id as string, trialNumber: r.number as number, type: r.type as string,
  data: r.data as Record<string, unknown>, createdAt: r.created_at as Date,
});

/** Owner of the `trial_event` table. */
export class EventStore {
  constructor(private readonly db: Queryable) {}

  async record(trialId: string, sweepId: string, type: string, data: unknown): Promise<void> {
    await this.db.query(`INSERT INTO trial_event (trial_id, sweep_id, type, data) VALUES ($1, $2, $3, $4)`, [trialId, sweepId, type, JSON.stringify(data)]);
  }

  /** The same event for many trials of one sweep. */
  async recordForEach(trialIds: readonly string[], sweepId: string, type: string, data: unknown): Promise<void> {
    if (trialIds.length === 0) return;
    await this.db.query(
      `INSERT INTO trial_event (trial_id, sweep_id, type, data) SELECT t, $2, $3, $4::jsonb FROM unnest($1::uuid[]) AS t`,
      [trialIds, sweepId, type, JSON.stringify(data)],
    );
  }

  /** `created`, stamped with the wall clock (not the transaction's start): dispatch latency is measured from it. */
  async recordCreated(trialId: string, sweepId: string, data: Record<string, unknown>): Promise<void> {
    await this.db.query(
      `INSERT INTO trial_event (trial_id, sweep_id, type, data) VALUES ($1, $2, 'created', $3::jsonb || jsonb_build_object('insertedAt', clock_timestamp()))`,
      [trialId, sweepId, JSON.stringify(data)],
    );
  }

  /** A replayed message must not record the same checkpoint twice: one per checkpoint key. */
  async recordCheckpoint(trialId: string, sweepId: string, data: { key: string } & Record<string, unknown>): Promise<void> {
    await this.db.query(
      `INSERT INTO trial_event (trial_id, sweep_id, type, data)
       SELECT $1, $2, 'checkpoint', $3::jsonb
        WHERE NOT EXISTS (SELECT 1 FROM trial_event WHERE trial_id = $1 AND type = 'checkpoint' AND data->>'key' = $4)`,
      [trialId, sweepId, JSON.stringify(data), data.key],
    );
  }

  /** A replayed message must not record the same facts twice: one per distinct content. */
  async recordInfo(trialId: string, sweepId: string, data: Record<string, unknown>): Promise<void> {
    await this.db.query(
      `INSERT INTO trial_event (trial_id, sweep_id, type, data)
       SELECT $1, $2, 'info', $3::jsonb
        WHERE NOT EXISTS (SELECT 1 FROM trial_event WHERE trial_id = $1 AND type = 'info' AND data = $3::jsonb)`,
      [trialId, sweepId, JSON.stringify(data)],
    );
  }

  /**
   * Records an event unless the trial already has one of this type whose data contains
   * `identity`: a replayed batch, or a limit reached again, adds nothing.
   */
  async recordOnce(trialId: string, sweepId: string, type: string, data: Record<string, unknown>, identity: Record<string, unknown>): Promise<void> {
    await this.db.query(
      `INSERT INTO trial_event (trial_id, sweep_id, type, data)
       SELECT $1, $2, $3, $4::jsonb
        WHERE NOT EXISTS (SELECT 1 FROM trial_event WHERE trial_id = $1 AND type = $3 AND data @> $5::jsonb)`,
      [trialId, sweepId, type, JSON.stringify(data), JSON.stringify(identity)],
    );
  }

  /** Each trial's events, oldest first. */
  async ofTrials(trialIds: readonly string[]): Promise<TrialEvent[]> {
    const rows = await this.db.query(`SELECT ${COLUMNS} ${FROM} WHERE e.trial_id = ANY($1::uuid[]) ORDER BY e.id`, [trialIds]);
    return rows.map(toTrialEvent);
  }

  /** A sweep's early-stopping and PBT decisions, newest first. */
  async decisions(sweepId: string, limit: number): Promise<TrialEvent[]> {
    const rows = await this.db.query(`SELECT ${COLUMNS} ${FROM} WHERE e.sweep_id = $1 AND e.type = 'decision' ORDER BY e.id DESC LIMIT $2`, [sweepId, limit]);
    return rows.map(toTrialEvent);
  }
}

/** Owner of the `trial_log` table: output lines, in batches numbered per attempt. */
export class TrialLogStore {
  constructor(private readonly db: Queryable) {}

  /** A replayed batch (same attempt and seq) is ignored; true when the lines were stored. */
  async append(trialId: string, attempt: number, seq: number, lines: readonly string[]): Promise<boolean> {
    const rows = await this.db.query(
      `INSERT INTO trial_log (trial_id, attempt, seq, lines) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING 1 AS stored`,
      [trialId, attempt, seq, lines],
    );
    return rows.length > 0;
  }

  /** The last `last` lines, oldest first. */
  async tail(trialId: string, last: number): Promise<string[]> {
    const rows: Array<{ line: string }> = await this.db.query(
      `SELECT line FROM (
         SELECT l.line, b.attempt, b.seq, l.n FROM trial_log b, unnest(b.lines) WITH ORDINALITY AS l(line, n)
          WHERE b.trial_id = $1 ORDER BY b.attempt DESC, b.seq DESC, l.n DESC LIMIT $2) tail
        ORDER BY attempt, seq, n`,
      [trialId, last],
    );
    return rows.map((r) => r.line);
  }
}
