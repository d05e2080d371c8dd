import { z } from 'zod';
import { TRAINER_SCHEMAS } from './trainers/index.js';

/** Bumped on incompatible changes; receivers reject versions they do not know. */
export const PROTOCOL_VERSION = 1;

/** NATS' default max_payload is 1 MiB; stay well under it so headers always fit. */
export const MAX_MESSAGE_BYTES = 512 * 1024;
/** Upper bound on metric points in one telemetry batch (bounds one ingest transaction). */
export const MAX_POINTS_PER_BATCH = 5000;

/** The largest time a JavaScript Date can hold (ms since the epoch); past it `toISOString` throws. */
export const MAX_TIME_MS = 8.64e15;

const uuid = z.string().uuid();
const finite = z.number().finite();
const metricKey = z.string().min(1).max(200);

/** One variant per trainer backend (src/trainers/); the agent dispatches on `type`. */
export const trainerSchema = z.discriminatedUnion('type', TRAINER_SCHEMAS);
export type TrainerSpec = z.infer<typeof trainerSchema>;

export const assignmentSchema = z.object({
  v: z.literal(PROTOCOL_VERSION),
  trialId: uuid,
  sweepId: uuid,
  projectId: uuid,
  number: z.number().int().nonnegative(),
  /** Secret that telemetry of this trial must present; fences agents that are not running it. */
  leaseToken: z.string().min(16).max(128),
  metric: z.object({ name: z.string(), goal: z.enum(['minimize', 'maximize']) }).nullable(),
  /** Flat (dotted) parameter names, as the search space knows them. */
  params: z.record(z.string(), z.unknown()),
  trainer: trainerSchema,
  restore: z.object({ trialId: uuid, step: z.number().int().nonnegative() }).optional(),
  /** Where checkpoints go instead of the NATS object store: a directory every agent mounts. */
  checkpointStore: z.object({ path: z.string().min(1).max(4096) }).optional(),
  /** What one trial needs on the agent. Absent gpus: 1 on agents that have GPUs, 0 on CPU-only agents. */
  resources: z.object({ gpus: z.number().int().nonnegative().max(64).optional() }).optional(),
  /** The sweep's `env`: variables every trainer gets (validated by the core; no secrets). */
  env: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.string().max(4096)).optional(),
  createdAt: z.string(),
});
export type Assignment = z.infer<typeof assignmentSchema>;

const envelope = {
  v: z.literal(PROTOCOL_VERSION),
  trialId: uuid,
  sweepId: uuid,
  leaseToken: z.string().min(16).max(128),
  /** JetStream delivery count of the assignment this agent is running (1 = first attempt). */
  attempt: z.number().int().positive(),
  agentId: z.string().min(1).max(200),
  /** Per (trial, attempt) sequence number: with the attempt it makes the dedupe id. */
  seq: z.number().int().nonnegative(),
};

export const metricPointSchema = z.object({
  key: metricKey,
  step: z.number().int().nonnegative().max(2 ** 31 - 1),
  value: finite,
  /** Milliseconds since the epoch, when the trainer reported it; at most the largest time a Date holds. */
  t: z.number().int().nonnegative().max(MAX_TIME_MS),
});
export type MetricPoint = z.infer<typeof metricPointSchema>;

const startedSchema = z.object({
  ...envelope, type: z.literal('started'), host: z.string().max(200), at: z.number().int(),
  /** GPUs the trial holds, a fraction when trials share one (GPU-hours = this × hours run); absent from older agents. */
  gpus: z.number().nonnegative().max(64).optional(),
});
const logSchema = z.object({ ...envelope, type: z.literal('log'), lines: z.array(z.string().max(16_384)).min(1).max(1000) });
/** How long the evidence of an infeasible trial (the log line that shows it) may be. */
export const MAX_INFEASIBLE_EVIDENCE_CHARS = 2000;
/**
 * Why a trial's parameters could not run at all: the trainer ran out of accelerator memory
 * (the agent recognised it in the output), or the trainer said so itself (`@anneal {"infeasible": true}`).
 * The searcher learns to avoid such regions rather than treating them as bad scores.
 */
export const trialInfeasibleSchema = z.object({
  reason: z.enum(['out_of_memory', 'trainer']),
  /** The output line that shows it, as the user would read it in the log. */
  evidence: z.string().max(MAX_INFEASIBLE_EVIDENCE_CHARS),
});
export type TrialInfeasible = z.infer<typeof trialInfeasibleSchema>;

const finishedFields = {
  ...envelope,
  type: z.literal('finished'),
  status: z.enum(['completed', 'failed', 'stopped']),
  exitCode: z.number().int().nullable(),
  error: z.string().max(16_384).optional(),
  logTail: z.array(z.string()).max(200).default([]),
  at: z.number().int(),
};
/** Absent `infeasible` (older agents, or an ordinary end) is still a valid message. */
const finishedSchema = z.object({ ...finishedFields, infeasible: trialInfeasibleSchema.optional() });
/** On the wire `infeasible` is checked by decodeTelemetry, so a malformed one cannot cost the trial its end. */
const finishedWireSchema = z.object({ ...finishedFields, infeasible: z.unknown().optional() });
/** A checkpoint the trainer reported, now stored under `key` in the checkpoints object store. */
const checkpointSchema = z.object({
  ...envelope,
  type: z.literal('checkpoint'),
  step: z.number().int().nonnegative().max(2 ** 31 - 1),
  key: z.string().min(1).max(400),
  bytes: z.number().int().nonnegative(),
});
/** Facts the trainer states about its run (the tfjs backend in use, a framework version). */
const infoSchema = z.object({
  ...envelope,
  type: z.literal('info'),
  facts: z.record(z.string().min(1).max(100), z.union([z.string().max(1000), finite, z.boolean()])),
});

/** What senders build: every point valid. */
export const telemetrySchema = z.discriminatedUnion('type', [
  startedSchema,
  z.object({ ...envelope, type: z.literal('metrics'), points: z.array(metricPointSchema).min(1).max(MAX_POINTS_PER_BATCH) }),
  logSchema, finishedSchema, checkpointSchema, infoSchema,
]);

/**
 * What a receiver accepts: the envelope is checked whole, metric points are left for
 * `decodeTelemetry` to check one by one, so one bad value costs that point and not its batch.
 */
export const telemetryWireSchema = z.discriminatedUnion('type', [
  startedSchema,
  z.object({ ...envelope, type: z.literal('metrics'), points: z.array(z.unknown()).min(1).max(MAX_POINTS_PER_BATCH) }),
  logSchema, finishedWireSchema, checkpointSchema, infoSchema,
]);
export type Telemetry = z.infer<typeof telemetrySchema>;
export type TelemetryOf<T extends Telemetry['type']> = Extract<Telemetry, { type: T }>;

export function telemetryMsgId(m: Pick<Telemetry, 'trialId' | 'attempt' | 'seq'>): string {
  return `${m.trialId}:${m.attempt}:${m.seq}`;
}

/** Where an agent stores a trial's checkpoint in the checkpoints object store. */
export function checkpointKey(trialId: string, step: number): string {
  return `${trialId}/${step}`;
}

export function assignmentMsgId(trialId: string, generation: number): string {
  return `${trialId}:${generation}`;
}

/** Durable decisions about a running trial, kept in a KV bucket keyed by trial id. */
export const controlSchema = z.object({
  v: z.literal(PROTOCOL_VERSION),
  action: z.literal('stop'),
  reason: z.string().max(2000),
  at: z.number().int(),
});
export type Control = z.infer<typeof controlSchema>;

/** A message the scheduler or the API writes to the outbox for publishing after commit. */
export interface OutboxEntry {
  subject: string;
  msgId: string;
  payload: unknown;
}

/**
 * A stop decision for one trial as an outbox message: a KV put is a JetStream publish on
 * `$KV.<bucket>.<key>`, so it rides the same outbox as assignments.
 */
export function stopRequest(org: { controlBucket: string }, trialId: string, reason: string, at = Date.now()): OutboxEntry {
  const payload: Control = { v: PROTOCOL_VERSION, action: 'stop', reason, at };
  return { subject: `$KV.${org.controlBucket}.${trialId}`, msgId: `stop:${trialId}`, payload };
}

export const agentPresenceSchema = z.object({
  v: z.literal(PROTOCOL_VERSION),
  id: z.string().min(1).max(200),
  organizationId: uuid,
  host: z.string().max(200),
  pool: z.string(),
  slots: z.number().int().positive(),
  gpus: z
    .array(z.object({
      index: z.number().int(), name: z.string(), memoryMiB: z.number().optional(), uuid: z.string().optional(),
      /** The latest reading while a trial runs on it (percent, MiB, ms since the epoch); absent when idle. */
      utilization: z.number().min(0).max(100).nullable().optional(),
      memoryUsedMiB: z.number().nonnegative().nullable().optional(),
      readAt: z.number().int().optional(),
    }))
    .default([]),
  running: z.array(uuid),
  version: z.string(),
  startedAt: z.number().int(),
  heartbeatAt: z.number().int(),
});
export type AgentPresence = z.infer<typeof agentPresenceSchema>;

/** What the API tells a freshly started agent (GraphQL query `agentConfig`). */
export const agentBootstrapSchema = z.object({
  natsUrl: z.string().min(1),
  namespace: z.string(),
  organizationId: uuid,
  /** The pools the agent token may take work from. */
  pools: z.array(z.string()).min(1),
  /** Ed25519 key (base64url) that every assignment's signature must verify against. */
  assignmentPublicKey: z.string().min(1),
  /** A user JWT for the agent's own nkey, when it sent one; it expires at natsJwtExpiresAt. */
  natsJwt: z.string().nullable(),
  natsJwtExpiresAt: z.string().nullable(),
});
export type AgentBootstrap = z.infer<typeof agentBootstrapSchema>;
