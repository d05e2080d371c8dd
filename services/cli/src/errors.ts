export type CliErrorCode =
  | 'BAD_ENV' | 'BAD_FLAG' | 'FILE_UNREADABLE' | 'NATS_SERVER_MISSING' | 'NATS_SERVER_FAILED'
  | 'API_UNREACHABLE' | 'API_ERROR' | 'NO_API_KEY' | 'PORT_IN_USE' | 'WEB_NOT_BUILT' | 'TRAINER_FAILED' | 'SWEEP_FAILED' | 'HOME_IN_USE'
  /** The agent's token file is open to other users, or owned by one. */
  | 'TOKEN_FILE_UNSAFE' | 'TOKEN_FILE_EMPTY'
  /** NATS_URL without the account seed its server trusts, or a half-written NATS key folder. */
  | 'NATS_AUTH_MISSING' | 'NATS_AUTH_INCOMPLETE'
  /** `anneal agent` lost NATS for good (e.g. its token was revoked) and stopped. */
  | 'AGENT_STOPPED'
  /** A run-time patch of a dependency (src/patches/) meets a version it was not written for. */
  | 'PATCH_MISMATCH'
  /** A trial named on the command line does not exist (or is not the caller's to see). */
  | 'NOT_FOUND';

/** An error the user can act on: main() prints its message (no stack) and exits non-zero. */
export class CliError extends Error {
  constructor(readonly code: CliErrorCode, message: string, readonly exitCode = 1) {
    super(message);
    this.name = 'CliError';
  }
}
