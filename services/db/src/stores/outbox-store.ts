import type { Queryable } from './queryable.js';

/** A message to publish once the transaction that wrote it commits; `msgId` deduplicates re-publishes. */
export interface OutboxEntry { subject: string; msgId: string; payload: unknown }
export interface PendingOutboxEntry extends OutboxEntry { id: string }

/** Owner of the `outbox` table (the transactional outbox to JetStream). */
export class OutboxStore {
  constructor(private readonly db: Queryable) {}

  async enqueue(entry: OutboxEntry): Promise<void> {
    await this.db.query(`INSERT INTO outbox (subject, msg_id, payload) VALUES ($1, $2, $3)`, [entry.subject, entry.msgId, JSON.stringify(entry.payload)]);
  }

  /** Unpublished entries in the order they were written. */
  async pending(limit: number): Promise<PendingOutboxEntry[]> {
    const rows: Array<{ id: string; subject: string; msg_id: string; payload: unknown }> = await this.db.query(
      `SELECT id, subject, msg_id, payload FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT $1`, [limit],
    );
    return rows.map((r) => ({ id: String(r.id), subject: r.subject, msgId: r.msg_id, payload: r.payload }));
  }

  async markPublished(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db.query(`UPDATE outbox SET published_at = now() WHERE id = ANY($1::bigint[])`, [ids]);
  }
}
