import {
  AckPolicy,
  DeliverPolicy,
  DiscardPolicy,
  RetentionPolicy,
  StorageType,
  nanos,
  type JetStreamManager,
  type NatsConnection,
  type StreamConfig,
} from 'nats';
import type { OrgNames, ProtocolNames } from './names.js';

/**
 * An assignment not acked or kept alive within this window is redelivered to another agent: it
 * is how long a trial of a dead agent waits before resuming elsewhere, so it is kept short.
 */
export const ASSIGNMENT_ACK_WAIT_MS = 15_000;
/** Agents call working() this often while a trial runs: three chances per ack window. */
export const ASSIGNMENT_KEEPALIVE_MS = 5_000;
/** Attempts before JetStream gives up on an assignment (the trial then ends FAILED). */
export const ASSIGNMENT_MAX_DELIVER = 4;
/** Presence entries expire this long after an agent's last heartbeat. */
export const AGENT_PRESENCE_TTL_MS = 30_000;
export const AGENT_HEARTBEAT_MS = 5_000;
/** Long enough to cover a scheduler crash and restart between publish and outbox update. */
const DUPLICATE_WINDOW_MS = 10 * 60_000;
/** Dead letters are for a person to look at: bounded, oldest dropped first. */
export const DEAD_LETTER_LIMITS = { maxMessages: 100_000, maxBytes: 256 * 1024 * 1024, maxAgeMs: 14 * 24 * 3600_000 } as const;

async function ensureStream(jsm: JetStreamManager, config: Partial<StreamConfig> & { name: string }): Promise<void> {
  try {
    await jsm.streams.info(config.name);
    await jsm.streams.update(config.name, config);
  } catch (e) {
    if (!String((e as Error).message).includes('stream not found')) throw e;
    await jsm.streams.add(config);
  }
}

/** Declares the streams every organization shares; idempotent, run by every service process at start. */
export async function ensureTopology(nc: NatsConnection, names: ProtocolNames): Promise<void> {
  const jsm = await nc.jetstreamManager();
  await ensureStream(jsm, {
    name: names.assignStream,
    subjects: [`${names.namespace}.assign.>`],
    retention: RetentionPolicy.Workqueue,
    storage: StorageType.File,
    discard: DiscardPolicy.Old,
    duplicate_window: nanos(DUPLICATE_WINDOW_MS),
  });
  await ensureStream(jsm, {
    name: names.telemetryStream,
    subjects: [names.telemetryWildcard],
    retention: RetentionPolicy.Workqueue,
    storage: StorageType.File,
    discard: DiscardPolicy.Old,
    duplicate_window: nanos(DUPLICATE_WINDOW_MS),
  });
  await ensureStream(jsm, {
    name: names.deadLetterStream,
    subjects: [names.deadLetterSubject],
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    discard: DiscardPolicy.Old,
    max_msgs: DEAD_LETTER_LIMITS.maxMessages,
    max_bytes: DEAD_LETTER_LIMITS.maxBytes,
    max_age: nanos(DEAD_LETTER_LIMITS.maxAgeMs),
  });
  await jsm.consumers.add(names.telemetryStream, {
    durable_name: names.ingestConsumer,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    ack_wait: nanos(30_000),
    max_ack_pending: 20_000,
  });
}

/**
 * Declares one organization's buckets and its pools' consumers. The service does this before it
 * hands out agent credentials, because agents may use these objects but never create them.
 */
export async function ensureOrgTopology(nc: NatsConnection, names: ProtocolNames, org: OrgNames, pools: readonly string[]): Promise<void> {
  const js = nc.jetstream();
  await js.views.kv(org.controlBucket, { history: 1 });
  await js.views.kv(org.agentsBucket, { history: 1, ttl: AGENT_PRESENCE_TTL_MS });
  await js.views.os(org.checkpointsStore, { storage: StorageType.File });
  for (const pool of pools) await ensurePoolConsumer(nc, names, org, pool);
}

/** Every pool has its own durable pull consumer, so agents of one pool never see another's work. */
export async function ensurePoolConsumer(nc: NatsConnection, names: ProtocolNames, org: OrgNames, pool: string): Promise<string> {
  const jsm = await nc.jetstreamManager();
  const durable = org.assignConsumer(pool);
  await jsm.consumers.add(names.assignStream, {
    durable_name: durable,
    filter_subject: org.assignSubject(pool),
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    ack_wait: nanos(ASSIGNMENT_ACK_WAIT_MS),
    max_deliver: ASSIGNMENT_MAX_DELIVER,
    max_ack_pending: 10_000,
  });
  return durable;
}

/** The presence buckets of every organization that has one. */
export async function listAgentsBuckets(nc: NatsConnection, names: ProtocolNames): Promise<string[]> {
  const jsm = await nc.jetstreamManager();
  const out: string[] = [];
  for await (const name of jsm.streams.names()) {
    if (name.startsWith(`KV_${names.agentsBucketPrefix}`)) out.push(name.slice(3));
  }
  return out;
}

/** Removes everything ensureTopology and ensureOrgTopology made; used by tests that run in their own namespace. */
export async function deleteTopology(nc: NatsConnection, names: ProtocolNames): Promise<void> {
  const jsm = await nc.jetstreamManager();
  const ours = [names.assignStream, names.telemetryStream, names.deadLetterStream];
  for await (const name of jsm.streams.names()) {
    if (/^(KV|OBJ)_/.test(name) && name.slice(name.indexOf('_') + 1).startsWith(`${names.namespace}_`)) ours.push(name);
  }
  for (const stream of ours) await jsm.streams.delete(stream).catch(() => undefined);
}
