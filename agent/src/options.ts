import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { POOL_PATTERN, protocolNames, type ProtocolNames } from '@anneal/protocol';
import { pino, type Logger } from 'pino';
import { AgentError } from './errors.js';
import type { GpuSpec } from './gpus.js';
import { DEFAULT_MEMORY_BYTES } from './publish-queue.js';

export interface AgentOptions {
  natsUrl: string;
  namespace: string;
  organizationId: string;
  natsToken?: string | null;
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
}

export interface ResolvedOptions {
  servers: string[];
  natsToken: string | undefined;
  names: ProtocolNames;
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
}

const DEFAULT_STOP_GRACE_MS = 10_000;
const DEFAULT_GPU_SAMPLE_MS = 5_000;
// The agent id is a key in the presence KV bucket, which allows only these characters.
const KV_KEY = /^[-/_=.a-zA-Z0-9]{1,200}$/;

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
  try {
    names = protocolNames(opts.namespace);
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
  return {
    servers,
    natsToken: opts.natsToken ?? undefined,
    names,
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
    logger: (opts.logger ?? pino({ name: 'anneal-agent' })).child({ agentId }),
    stopGraceMs,
    telemetryMemoryBytes,
  };
}

function defaultAgentId(host: string): string {
  const safeHost = host.replace(/[^-_a-zA-Z0-9]/g, '_').slice(0, 100) || 'host';
  return `${safeHost}-${process.pid}-${randomBytes(3).toString('hex')}`;
}
