export type AgentErrorCode =
  | 'BAD_OPTIONS'
  | 'NATS_UNREACHABLE'
  | 'SERVER_UNREACHABLE'
  | 'UNAUTHORIZED'
  | 'HTTP_ERROR'
  | 'GRAPHQL_ERROR'
  | 'BAD_BOOTSTRAP'
  | 'BAD_COMMAND';

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
