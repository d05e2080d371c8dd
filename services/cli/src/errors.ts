export type CliErrorCode =
  | 'BAD_ENV' | 'BAD_FLAG' | 'FILE_UNREADABLE' | 'NATS_SERVER_MISSING' | 'NATS_SERVER_FAILED'
  | 'API_UNREACHABLE' | 'API_ERROR' | 'NO_API_KEY' | 'PORT_IN_USE' | 'WEB_NOT_BUILT' | 'TRAINER_FAILED' | 'SWEEP_FAILED' | 'HOME_IN_USE';

/** An error the user can act on: main() prints its message (no stack) and exits non-zero. */
export class CliError extends Error {
  constructor(readonly code: CliErrorCode, message: string, readonly exitCode = 1) {
    super(message);
    this.name = 'CliError';
  }
}
