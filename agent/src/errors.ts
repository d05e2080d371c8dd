export type AgentErrorCode =
  | 'BAD_OPTIONS'
  | 'NATS_UNREACHABLE'
  | 'SERVER_UNREACHABLE'
  | 'UNAUTHORIZED'
  | 'HTTP_ERROR'
  | 'GRAPHQL_ERROR'
  | 'BAD_BOOTSTRAP'
  | 'BAD_COMMAND'
  /** The sweep's `program:` is not on this agent's disk (the message names the absolute path tried). */
  | 'PROGRAM_NOT_FOUND'
  /** nvidia-smi is missing or failed while looking for the GPUs `--gpus` asked for. */
  | 'NVIDIA_SMI_FAILED'
  | 'NO_GPUS'
  /** A trial needs more GPUs than this agent has at all. */
  | 'TOO_FEW_GPUS'
  | 'CHECKPOINT_FAILED'
  | 'RESTORE_FAILED'
  /** The work dir has no room for the telemetry spool (read-only, wrong owner). */
  | 'SPOOL_FAILED'
  /** `--trainer-user` names no user, or another user while the agent is not root. */
  | 'BAD_TRAINER_USER'
  /** The trainer user cannot pass through the work dir (or a folder above it) to its trial folders. */
  | 'WORK_DIR_UNREACHABLE'
  /** A sweep's local path (model, dataset, checkpoint_store) lies outside the agent's `--data-root`s. */
  | 'OUTSIDE_DATA_ROOT'
  /** A tfjs `model`/`dataset` URL the agent will not fetch: file://, link-local, cloud metadata. */
  | 'REFUSED_SOURCE';

export class AgentError extends Error {
  constructor(
    readonly code: AgentErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AgentError';
  }
}

/** The message of anything thrown; libraries sometimes reject with non-Errors (even undefined). */
export function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  return e === undefined ? 'unknown error' : String(e);
}
