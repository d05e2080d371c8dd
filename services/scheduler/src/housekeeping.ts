import { agentPresenceSchema, ASSIGNMENT_ACK_WAIT_MS, ASSIGNMENT_MAX_DELIVER, decodeMessage, listAgentsBuckets, type AgentPresence, type ProtocolNames } from '@anneal/protocol';
import type { NatsConnection } from 'nats';
import type { DataSource } from 'typeorm';

/**
 * Live presence entries of every organization, or of the given ones (the buckets' TTL already
 * dropped agents that stopped heartbeating). An entry is believed only for the organization
 * whose bucket holds it: an agent can write its own organization's bucket and no other.
 */
export async function readPresence(nc: NatsConnection, names: ProtocolNames, organizationIds?: readonly string[]): Promise<AgentPresence[]> {
  const buckets = organizationIds
    ? organizationIds.map((id) => ({ bucket: names.org(id).agentsBucket, organizationId: id as string | null }))
    : (await listAgentsBuckets(nc, names)).map((bucket) => ({ bucket, organizationId: null }));
  const out: AgentPresence[] = [];
  for (const { bucket, organizationId } of buckets) {
    // An organization whose agents never connected has no bucket yet: it simply has no agents.
    const keys = await nc.jetstream().views.kv(bucket, { bindOnly: true }).then((kv) => kv.keys().then((k) => ({ kv, k }))).catch((e: unknown) => {
      if (String((e as Error).message).includes('stream not found')) return null;
      throw e;
    });
    if (keys === null) continue;
    const { kv, k } = keys;
    for await (const key of k) {
      const entry = await kv.get(key);
      if (!entry || entry.operation !== 'PUT') continue;
      const d = decodeMessage(agentPresenceSchema, entry.value);
      if (!d.ok) continue;
      if (names.org(d.value.organizationId).agentsBucket !== bucket) continue;
      if (organizationId !== null && d.value.organizationId !== organizationId) continue;
      out.push(d.value);
    }
  }
  return out;
}

/** Keeps the agent table (first/last seen, for history) in step with live presence. */
export async function recordAgents(ds: DataSource, agents: readonly AgentPresence[]): Promise<void> {
  for (const a of agents) {
    await ds.query(
      `INSERT INTO agent (id, organization_id, host, pool, slots, gpus, version, first_seen_at, last_seen_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, to_timestamp($8 / 1000.0), to_timestamp($9 / 1000.0))
       ON CONFLICT (id) DO UPDATE SET host = EXCLUDED.host, pool = EXCLUDED.pool, slots = EXCLUDED.slots,
         gpus = EXCLUDED.gpus, version = EXCLUDED.version, last_seen_at = EXCLUDED.last_seen_at`,
      [a.id, a.organizationId, a.host, a.pool, a.slots, JSON.stringify(a.gpus), a.version, a.startedAt, a.heartbeatAt],
    );
  }
}

/** Long enough for JetStream to have redelivered the assignment had it any deliveries left. */
export const LOST_AFTER_MS = 2 * ASSIGNMENT_ACK_WAIT_MS;

/**
 * A RUNNING trial that no live agent claims, that has been silent past the redelivery window
 * and whose assignment used its last delivery will never report again: it ends FAILED, so the
 * sweep can finish. Trials with deliveries left are not touched; JetStream hands them on.
 */
export async function failLostTrials(ds: DataSource, agents: readonly AgentPresence[], now = Date.now()): Promise<string[]> {
  const claimed = agents.flatMap((a) => a.running);
  const result: unknown = await ds.query(
    `UPDATE trial SET status = 'FAILED', finished_at = now(),
            error = 'lost: its agent (' || coalesce(agent_id, 'unknown') || ') stopped reporting and every delivery attempt is used'
      WHERE status = 'RUNNING' AND attempt >= $1 AND NOT (id = ANY($2::uuid[]))
        AND coalesce(heartbeat_at, started_at, created_at) < to_timestamp($3 / 1000.0)
      RETURNING id, sweep_id, agent_id`,
    [ASSIGNMENT_MAX_DELIVER, claimed, now - LOST_AFTER_MS],
  );
  // TypeORM answers an UPDATE ... RETURNING with [rows, affected].
  const rows = (Array.isArray(result) && Array.isArray(result[0]) ? result[0] : result) as Array<{ id: string; sweep_id: string; agent_id: string | null }>;
  for (const r of rows) {
    await ds.query(`INSERT INTO trial_event (trial_id, sweep_id, type, data) VALUES ($1, $2, 'lost', $3)`, [
      r.id, r.sweep_id, JSON.stringify({ agentId: r.agent_id, attempts: ASSIGNMENT_MAX_DELIVER }),
    ]);
  }
  return rows.map((r) => r.id);
}
