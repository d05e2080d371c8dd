import { SIGNATURE_HEADER, type AssignmentSigner, type ProtocolNames } from '@anneal/protocol';
import { headers, type NatsConnection } from 'nats';
import type { DataSource } from 'typeorm';

const encoder = new TextEncoder();

export interface OutboxSigning {
  names: ProtocolNames;
  signer: AssignmentSigner;
}

/**
 * Publishes committed outbox rows to JetStream in order. The msg id makes a re-publish after a
 * crash (published but not yet marked) a no-op inside the stream's duplicate window.
 * Assignments are signed on the way out, so an agent runs only what this scheduler sent.
 */
export async function publishOutbox(ds: DataSource, nc: NatsConnection, signing: OutboxSigning, limit = 500): Promise<number> {
  const rows: Array<{ id: string; subject: string; msg_id: string; payload: unknown }> = await ds.query(
    `SELECT id, subject, msg_id, payload FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT $1`,
    [limit],
  );
  if (rows.length === 0) return 0;
  const js = nc.jetstream();
  const assignPrefix = `${signing.names.namespace}.assign.`;
  const done: string[] = [];
  try {
    await Promise.all(rows.map(async (r) => {
      const data = encoder.encode(JSON.stringify(r.payload));
      const h = r.subject.startsWith(assignPrefix) ? headers() : undefined;
      h?.set(SIGNATURE_HEADER, signing.signer.sign(r.subject, data));
      await js.publish(r.subject, data, { msgID: r.msg_id, ...(h ? { headers: h } : {}) });
      done.push(r.id);
    }));
  } finally {
    if (done.length > 0) {
      await ds.query(`UPDATE outbox SET published_at = now() WHERE id = ANY($1::bigint[])`, [done]);
    }
  }
  return done.length;
}
