import type { NatsConnection } from 'nats';
import { decodeMessage } from './codec.js';
import { agentPresenceSchema, type AgentPresence } from './messages.js';
import type { ProtocolNames } from './names.js';
import { listAgentsBuckets } from './topology.js';

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
