import type { OrgNames, ProtocolNames } from '../names.js';

export interface SubjectPermissions {
  pub: string[];
  sub: string[];
}

/** Replies to an agent's requests (pull batches, publish acks, watch deliveries) land under here. */
export function agentInboxPrefix(userPublicKey: string): string {
  return `_INBOX.${userPublicKey}`;
}

/**
 * Read-only use of a bucket's stream: look up entries and watch them through consumers the agent
 * creates and deletes itself. Never update, purge or delete the stream.
 */
function readStream(stream: string): string[] {
  return [
    `$JS.API.STREAM.INFO.${stream}`,
    `$JS.API.STREAM.MSG.GET.${stream}`,
    `$JS.API.DIRECT.GET.${stream}`,
    `$JS.API.DIRECT.GET.${stream}.>`,
    `$JS.API.CONSUMER.CREATE.${stream}`,
    // CREATE, INFO and DELETE of consumers on this stream; consumers cannot change its data.
    `$JS.API.CONSUMER.*.${stream}.>`,
    `$JS.ACK.${stream}.>`,
    `$JS.FC.${stream}.>`,
  ];
}

/**
 * Everything an agent of one organization may do on NATS, and nothing more: take work from its
 * own pools' consumers, publish its organization's telemetry, read its organization's stop keys,
 * keep its presence, and store and fetch its organization's checkpoints. Assignments, other
 * organizations' subjects and every stream-management call are out of reach.
 */
export function agentPermissions(names: ProtocolNames, org: OrgNames, pools: readonly string[], userPublicKey: string): SubjectPermissions {
  // STREAM.NAMES: the object store finds a bucket's stream by subject. It reveals stream names (and
  // so that other organizations exist, by their ids) but no contents; see docs/SECURITY.md.
  const pub = ['$JS.API.INFO', '$JS.API.STREAM.NAMES'];
  for (const pool of pools) {
    const consumer = org.assignConsumer(pool);
    pub.push(
      `$JS.API.CONSUMER.INFO.${names.assignStream}.${consumer}`,
      `$JS.API.CONSUMER.MSG.NEXT.${names.assignStream}.${consumer}`,
      `$JS.ACK.${names.assignStream}.${consumer}.>`,
    );
  }
  pub.push(`${org.telemetryPrefix}.>`);
  pub.push(...readStream(`KV_${org.controlBucket}`));
  pub.push(...readStream(`KV_${org.agentsBucket}`), `$KV.${org.agentsBucket}.>`);
  const objects = `OBJ_${org.checkpointsStore}`;
  // An object put replaces older chunks of the same name by purging them by subject.
  pub.push(...readStream(objects), `$JS.API.STREAM.PURGE.${objects}`, `$O.${org.checkpointsStore}.>`);
  return { pub, sub: [`${agentInboxPrefix(userPublicKey)}.>`] };
}
