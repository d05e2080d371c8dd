import { GraphQLError } from 'graphql';

export type ApiErrorCode = 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'BAD_USER_INPUT' | 'CONFLICT' | 'PAYLOAD_TOO_LARGE' | 'TOO_MANY_ATTEMPTS';

export interface ProblemDetail { path: string; message: string }

/** Every error a client can act on carries a stable code in `extensions.code`. */
export class ApiError extends GraphQLError {
  constructor(readonly code: ApiErrorCode, message: string, problems?: ProblemDetail[]) {
    super(message, { extensions: { code, ...(problems ? { problems } : {}) } });
    this.name = 'ApiError';
  }
}

export const notFound = (what: string, id: string): ApiError => new ApiError('NOT_FOUND', `${what} ${id} does not exist or you are not a member of its organization`);
