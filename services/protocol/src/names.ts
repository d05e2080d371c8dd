/**
 * Every NATS name Anneal uses, derived from one namespace so that tests (and several
 * installations sharing one NATS cluster) never collide.
 */
export interface ProtocolNames {
  namespace: string;
  assignStream: string;
  telemetryStream: string;
  ingestConsumer: string;
  telemetryWildcard: string;
  /**
   * Telemetry ingest could not attribute to a trial (not JSON, wrong shape, unknown trial) is kept
   * here for operators. Service only: no agent permission names it, so agents can neither read it
   * nor fill it directly.
   */
  deadLetterStream: string;
  deadLetterSubject: string;
  /** Every organization's presence bucket starts with this (the service lists them). */
  agentsBucketPrefix: string;
  /** Core-NATS (not persisted) fan-out of committed changes, feeding GraphQL subscriptions. */
  sweepEventsSubject(sweepId: string): string;
  trialEventsSubject(trialId: string): string;
  /** The names one organization's agents and trials use. */
  org(organizationId: string): OrgNames;
}

/**
 * Names scoped to one organization. Subjects carry the organization and every bucket is the
 * organization's own, so an agent's NATS permissions can be written as a handful of prefixes and
 * one organization's agent can never receive, read or write another's.
 */
export interface OrgNames {
  organizationId: string;
  /** The organization id without hyphens: the form used inside subjects and bucket names. */
  tag: string;
  assignSubject(pool: string): string;
  assignConsumer(pool: string): string;
  telemetrySubject(sweepId: string, trialId: string): string;
  telemetryPrefix: string;
  controlBucket: string;
  agentsBucket: string;
  checkpointsStore: string;
}

const NAMESPACE_PATTERN = /^[a-z][a-z0-9_]{0,31}$/;
export const POOL_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export function protocolNames(namespace = 'anneal'): ProtocolNames {
  if (!NAMESPACE_PATTERN.test(namespace)) {
    throw new ProtocolError('BAD_NAMESPACE', `NATS namespace '${namespace}' must match ${NAMESPACE_PATTERN}`);
  }
  const upper = namespace.toUpperCase();
  return {
    namespace,
    assignStream: `${upper}_ASSIGN`,
    telemetryStream: `${upper}_TELEMETRY`,
    ingestConsumer: `${namespace}_ingest`,
    telemetryWildcard: `${namespace}.telemetry.>`,
    deadLetterStream: `${upper}_TELEMETRY_DEAD`,
    deadLetterSubject: `${namespace}.deadletter.telemetry`,
    agentsBucketPrefix: `${namespace}_agents_`,
    sweepEventsSubject: (sweepId) => `${namespace}.events.sweep.${sweepId}`,
    trialEventsSubject: (trialId) => `${namespace}.events.trial.${trialId}`,
    org: (organizationId) => orgNames(namespace, organizationId),
  };
}

const ORGANIZATION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function orgNames(namespace: string, organizationId: string): OrgNames {
  if (!ORGANIZATION_ID.test(organizationId)) {
    throw new ProtocolError('BAD_ORGANIZATION', `organization id '${organizationId}' is not a UUID`);
  }
  const tag = organizationId.replace(/-/g, '').toLowerCase();
  return {
    organizationId,
    tag,
    assignSubject: (pool) => `${namespace}.assign.${tag}.${checkPool(pool)}`,
    assignConsumer: (pool) => `${namespace}_pool_${tag}_${checkPool(pool)}`,
    telemetrySubject: (sweepId, trialId) => `${namespace}.telemetry.${tag}.${sweepId}.${trialId}`,
    telemetryPrefix: `${namespace}.telemetry.${tag}`,
    controlBucket: `${namespace}_control_${tag}`,
    agentsBucket: `${namespace}_agents_${tag}`,
    checkpointsStore: `${namespace}_ckpt_${tag}`,
  };
}

/** The organization tag of a telemetry subject, or null when the subject is not one. */
export function telemetrySubjectTag(names: ProtocolNames, subject: string): string | null {
  const parts = subject.split('.');
  return parts.length === 5 && parts[0] === names.namespace && parts[1] === 'telemetry' ? parts[2]! : null;
}

function checkPool(pool: string): string {
  if (!POOL_PATTERN.test(pool)) {
    throw new ProtocolError('BAD_POOL', `pool '${pool}' must be 1-64 letters, digits, '_' or '-'`);
  }
  return pool;
}

export type ProtocolErrorCode = 'BAD_NAMESPACE' | 'BAD_POOL' | 'BAD_ORGANIZATION' | 'BAD_SIGNATURE' | 'BAD_CREDENTIALS' | 'BAD_MESSAGE' | 'PAYLOAD_TOO_LARGE';

export class ProtocolError extends Error {
  constructor(readonly code: ProtocolErrorCode, message: string) {
    super(message);
    this.name = 'ProtocolError';
  }
}
