import { GraphQLError } from 'graphql';

export type ApiErrorCode =
  | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'BAD_USER_INPUT' | 'CONFLICT' | 'PAYLOAD_TOO_LARGE' | 'TOO_MANY_ATTEMPTS'
  | 'QUERY_TOO_COSTLY' | 'RESPONSE_TOO_LARGE' | 'RATE_LIMITED' | 'BAD_CONFIG';

/** Refusals of a whole request answer with this HTTP status (Apollo reads `extensions.http`). */
const HTTP_STATUS: Partial<Record<ApiErrorCode, number>> = { QUERY_TOO_COSTLY: 400, RESPONSE_TOO_LARGE: 400 };

export interface ProblemDetail { path: string; message: string }

/** Every error a client can act on carries a stable code in `extensions.code`. */
export class ApiError extends GraphQLError {
  constructor(readonly code: ApiErrorCode, message: string, problems?: ProblemDetail[]) {
    const status = HTTP_STATUS[code];
    super(message, { extensions: { code, ...(problems ? { problems } : {}), ...(status ? { http: { status } } : {}) } });
    this.name = 'ApiError';
  }
}

export const notFound = (what: string, id: string): ApiError => new ApiError('NOT_FOUND', `${what} ${id} does not exist or you are not a member of its organization`);
