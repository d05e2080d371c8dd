import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { AssignmentVerifier, POOL_PATTERN, protocolNames, type OrgNames, type ProtocolNames } from '@anneal/protocol';
import { pino, type Logger } from 'pino';
import { resolveDataRoots } from './data-roots.js';
import { AgentError } from './errors.js';
import type { GpuSpec } from './gpus.js';
import { DEFAULT_MEMORY_BYTES } from './publish-queue.js';
import { LOG_REDACT_PATHS } from './redact.js';
import { AGENT_PREFIX, looksSecret } from './trainer-env-policy.js';
import { resolveTrainerUser, type TrainerUser } from './trainer-user.js';

export interface AgentOptions {
  natsUrl: string;
  namespace: string;
  organizationId: string;
  /** Where NATS credentials come from; null only for a NATS server without authentication. */
  credentials: AgentCredentialSource | null;
  /** The scheduler's public key (base64url Ed25519): assignments that do not verify are refused. */
  assignmentKey: string;
  pool: string;
  /**
   * Trials run at once. Default: 1, or one per GPU with `gpus`; with `gpus` it must be a multiple
   * of the GPU count, and slots / GPUs trials then share each GPU.
   */
  slots?: number;
  /** GPUs to run trials on (`all`, or nvidia-smi indices); none: a CPU-only agent. */
  gpus?: GpuSpec | null;
  /** The nvidia-smi to run; default `nvidia-smi` from PATH. */
  nvidiaSmi?: string;
  /** How often a running trial's GPUs are sampled; default 5 s. */
  gpuSampleMs?: number;
  /** Per-trial directories live under here. */
  workDir: string;
  interpreter?: string;
  /** Defaults to `${hostname}-${pid}-${random}`. */
  agentId?: string;
  logger?: Logger;
  /** Between SIGTERM and SIGKILL when a trainer is stopped; default 10 s. */
  stopGraceMs?: number;
  /**
   * Unpublished telemetry each trial keeps in memory while NATS is away; the rest waits in the
   * spool under workDir only. Default 4 MiB.
   */
  telemetryMemoryBytes?: number;
  /**
   * Runs trainers as this user (name or uid), which needs the agent to be root. Default: the
   * agent's own user, whose trainers can read the agent's files (`anneal agent` defaults to
   * `nobody` when root).
   */
  trainerUser?: string;
  /** More variables of the agent's environment to pass to trainers (see trainer-env-policy.ts for the rest). */
  trainerEnv?: readonly string[];
  /**
   * Folders that local tfjs `model`/`dataset`/`validation` paths and `checkpoint_store` paths must
   * lie in (after symlinks and `..`); none: any path (see data-roots.ts).
   */
  dataRoots?: readonly string[];
}

/** Who trainers run as and what they get of the agent's environment beyond the allowlist. */
export interface TrainerSettings {
  /** Null: the agent's own user. */
  user: TrainerUser | null;
  forwardEnv: readonly string[];
}

/**
 * Issues a NATS user JWT for the agent's own public key (its seed never leaves the agent). Called
 * at start and again before each JWT expires; a refusal (revoked token) ends the agent.
 */
export interface AgentCredentialSource {
  issue(userPublicKey: string): Promise<{ jwt: string; expiresAt: Date }>;
}

export interface ResolvedOptions {
  servers: string[];
  credentials: AgentCredentialSource | null;
  verifier: AssignmentVerifier;
  names: ProtocolNames;
  org: OrgNames;
  organizationId: string;
  pool: string;
  /** Undefined: decided once the GPUs are known. */
  slots: number | undefined;
  gpus: GpuSpec | null;
  nvidiaSmi: string;
  gpuSampleMs: number;
  workDir: string;
  interpreter: string | undefined;
  agentId: string;
  host: string;
  /** Where relative `${program}` paths point: the directory the agent was started in. */
  programDir: string;
  logger: Logger;
  stopGraceMs: number;
  telemetryMemoryBytes: number;
  trainer: TrainerSettings;
  /** Real paths of the `--data-root`s; empty: no restriction. */
  dataRoots: string[];
}

const DEFAULT_STOP_GRACE_MS = 10_000;
const DEFAULT_GPU_SAMPLE_MS = 5_000;
// The agent id is a key in the presence KV bucket, which allows only these characters.
const KV_KEY = /^[-/_=.a-zA-Z0-9]{1,200}$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function resolveOptions(opts: AgentOptions): ResolvedOptions {
  if (opts.slots !== undefined && (!Number.isInteger(opts.slots) || opts.slots < 1)) {
    throw new AgentError('BAD_OPTIONS', `slots must be a positive integer, got ${opts.slots}`);
  }
  if (!POOL_PATTERN.test(opts.pool)) {
    throw new AgentError('BAD_OPTIONS', `pool '${opts.pool}' must be 1-64 letters, digits, '_' or '-'`);
  }
  const host = hostname().slice(0, 200);
  const agentId = opts.agentId ?? defaultAgentId(host);
  if (!KV_KEY.test(agentId)) {
    throw new AgentError('BAD_OPTIONS', `agent id '${agentId}' may only contain letters, digits and - / _ = .`);
  }
  let names: ProtocolNames;
  let org: OrgNames;
  let verifier: AssignmentVerifier;
  try {
    names = protocolNames(opts.namespace);
    org = names.org(opts.organizationId);
    verifier = new AssignmentVerifier(opts.assignmentKey);
  } catch (e) {
    throw new AgentError('BAD_OPTIONS', (e as Error).message, { cause: e });
  }
  const servers = opts.natsUrl.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (servers.length === 0) throw new AgentError('BAD_OPTIONS', 'natsUrl is empty');
  const stopGraceMs = opts.stopGraceMs ?? DEFAULT_STOP_GRACE_MS;
  if (!(stopGraceMs >= 0)) throw new AgentError('BAD_OPTIONS', `stopGraceMs must be >= 0, got ${stopGraceMs}`);
  const gpuSampleMs = opts.gpuSampleMs ?? DEFAULT_GPU_SAMPLE_MS;
  if (!(gpuSampleMs >= 100)) throw new AgentError('BAD_OPTIONS', `gpuSampleMs must be >= 100, got ${gpuSampleMs}`);
  const telemetryMemoryBytes = opts.telemetryMemoryBytes ?? DEFAULT_MEMORY_BYTES;
  if (!(telemetryMemoryBytes >= 1)) throw new AgentError('BAD_OPTIONS', `telemetryMemoryBytes must be >= 1, got ${telemetryMemoryBytes}`);
  const forwardEnv = [...new Set(opts.trainerEnv ?? [])];
  for (const name of forwardEnv) {
    if (!ENV_NAME.test(name)) throw new AgentError('BAD_OPTIONS', `trainer env '${name}' is not a variable name`);
    if (name.startsWith(AGENT_PREFIX)) {
      throw new AgentError('BAD_OPTIONS', `trainer env ${name}: ${AGENT_PREFIX}* variables are the agent's; trainers get their own trial's`);
    }
  }
  const dataRoots = resolveDataRoots(opts.dataRoots ?? []);
  if ('problem' in dataRoots) throw new AgentError('BAD_OPTIONS', dataRoots.problem);
  const user = resolveTrainerUser(opts.trainerUser);
  const logger = (opts.logger ?? pino({ name: 'anneal-agent', redact: { paths: LOG_REDACT_PATHS, censor: '[redacted]' } })).child({ agentId });
  if (user === null) {
    logger.warn({ uid: process.getuid?.() }, "trainers run as the agent's own user: they can read its files and its /proc/<pid>/environ; run the agent as root with --trainer-user to keep them apart");
  }
  for (const name of forwardEnv.filter(looksSecret)) {
    logger.warn({ name }, 'passing a secret-looking variable to trainers: whatever a trainer prints lands in trial logs that every viewer of the sweep reads');
  }
  return {
    servers,
    credentials: opts.credentials,
    verifier,
    names,
    org,
    organizationId: opts.organizationId,
    pool: opts.pool,
    slots: opts.slots,
    gpus: opts.gpus ?? null,
    nvidiaSmi: opts.nvidiaSmi ?? 'nvidia-smi',
    gpuSampleMs,
    workDir: opts.workDir,
    interpreter: opts.interpreter,
    agentId,
    host,
    programDir: process.cwd(),
    logger,
    stopGraceMs,
    telemetryMemoryBytes,
    trainer: { user, forwardEnv },
    dataRoots: dataRoots.roots,
  };
}

function defaultAgentId(host: string): string {
  const safeHost = host.replace(/[^-_a-zA-Z0-9]/g, '_').slice(0, 100) || 'host';
  return `${safeHost}-${process.pid}-${randomBytes(3).toString('hex')}`;
}
