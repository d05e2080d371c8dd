export type TrainerErrorCode =
  | 'BAD_SPEC'
  | 'BAD_PARAMS'
  | 'BAD_DATASET'
  | 'BAD_MODEL'
  | 'BAD_CHECKPOINT'
  | 'NO_BACKEND'
  | 'UNSUPPORTED'
  | 'DIVERGED';

/** A failure the user can act on; the trainer prints its message and exits non-zero. */
export class TrainerError extends Error {
  constructor(
    readonly code: TrainerErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'TrainerError';
  }
}
