/**
 * Every NATS name Anneal uses, derived from one namespace so that tests (and several
 * installations sharing one NATS cluster) never collide.
 */
export interface ProtocolNames {
  namespace: string;
  assignStream: string;
  telemetryStream: string;
  ingestConsumer: string;
  controlBucket: string;
  agentsBucket: string;
  checkpointsStore: string;
  assignSubject(pool: string): string;
  assignConsumer(pool: string): string;
  telemetrySubject(sweepId: string, trialId: string): string;
  telemetryWildcard: string;
  /** Core-NATS (not persisted) fan-out of committed changes, feeding GraphQL subscriptions. */
  sweepEventsSubject(sweepId: string): string;
  trialEventsSubject(trialId: string): string;
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
    controlBucket: `${namespace}_control`,
    agentsBucket: `${namespace}_agents`,
    checkpointsStore: `${namespace}_checkpoints`,
    assignSubject: (pool) => `${namespace}.assign.${checkPool(pool)}`,
    assignConsumer: (pool) => `${namespace}_pool_${checkPool(pool)}`,
    telemetrySubject: (sweepId, trialId) => `${namespace}.telemetry.${sweepId}.${trialId}`,
    telemetryWildcard: `${namespace}.telemetry.>`,
    sweepEventsSubject: (sweepId) => `${namespace}.events.sweep.${sweepId}`,
    trialEventsSubject: (trialId) => `${namespace}.events.trial.${trialId}`,
  };
}

function checkPool(pool: string): string {
  if (!POOL_PATTERN.test(pool)) {
    throw new ProtocolError('BAD_POOL', `pool '${pool}' must be 1-64 letters, digits, '_' or '-'`);
  }
  return pool;
}

export type ProtocolErrorCode = 'BAD_NAMESPACE' | 'BAD_POOL' | 'BAD_MESSAGE' | 'PAYLOAD_TOO_LARGE';

export class ProtocolError extends Error {
  constructor(readonly code: ProtocolErrorCode, message: string) {
    super(message);
    this.name = 'ProtocolError';
  }
}
