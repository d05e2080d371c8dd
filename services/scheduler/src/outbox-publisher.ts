import { OutboxStore } from '@anneal/db';
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
  const outbox = new OutboxStore(ds);
  const rows = await outbox.pending(limit);
  if (rows.length === 0) return 0;
  const js = nc.jetstream();
  const assignPrefix = `${signing.names.namespace}.assign.`;
  const done: string[] = [];
  try {
    await Promise.all(rows.map(async (r) => {
      const data = encoder.encode(JSON.stringify(r.payload));
      const h = r.subject.startsWith(assignPrefix) ? headers() : undefined;
      h?.set(SIGNATURE_HEADER, signing.signer.sign(r.subject, data));
      await js.publish(r.subject, data, { msgID: r.msgId, ...(h ? { headers: h } : {}) });
      done.push(r.id);
    }));
  } finally {
    await outbox.markPublished(done);
  }
  return done.length;
}
