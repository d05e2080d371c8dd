/**
 * Every failure the core raises carries a stable code, so callers (scheduler, API, CLI) can
 * branch on it and map it to their own error surfaces without parsing messages.
 */
export type CoreErrorCode =
  | 'CONFIG_INVALID'
  | 'SPACE_INVALID'
  | 'PARAMS_INVALID'
  | 'RNG_SEED_INVALID'
  | 'RNG_STATE_INVALID'
  | 'STATE_INVALID'
  | 'EVENT_INVALID'
  | 'TRIAL_UNKNOWN'
  | 'TRIAL_NOT_PENDING'
  /** No params meeting the sweep's parameter constraints could be found; the sweep ends. */
  | 'CONSTRAINTS_UNSATISFIABLE'
  /** A model could not be fitted (e.g. a kernel matrix beyond repair); callers fall back. */
  | 'NUMERICAL';

export class CoreError extends Error {
  override readonly name = 'CoreError';
  readonly code: CoreErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: CoreErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.code = code;
    this.details = details;
  }
}

export function isCoreError(err: unknown, code?: CoreErrorCode): err is CoreError {
  return err instanceof CoreError && (code === undefined || err.code === code);
}
