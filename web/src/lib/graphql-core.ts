// Framework-free GraphQL-over-HTTP client core: builds the request, maps transport
// failures and GraphQL `errors` to a typed error carrying `extensions.code`.
// The Next.js-specific wrapper (cookie, redirect, notFound) lives in graphql.ts.

export const DEFAULT_API_URL = 'http://localhost:4000';

/** Error codes produced by this client in addition to the API's own codes. */
export const ErrorCode = Object.freeze({
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  /** The API could not be reached (connection refused, DNS, timeout). */
  API_UNREACHABLE: 'API_UNREACHABLE',
  /** The API answered with something that is not a GraphQL response. */
  BAD_RESPONSE: 'BAD_RESPONSE',
  /** A GraphQL error without an `extensions.code`. */
  GRAPHQL_ERROR: 'GRAPHQL_ERROR',
} as const);

export interface GraphQLErrorEntry {
  message: string;
  extensions?: { code?: string } & Record<string, unknown>;
}

export class GraphQLRequestError extends Error {
  code: string;
  /** HTTP status, when a response arrived */
  status: number | undefined;
  errors: GraphQLErrorEntry[];

  constructor(
    message: string,
    details: { code: string; status?: number | undefined; errors?: GraphQLErrorEntry[] | undefined; cause?: unknown },
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'GraphQLRequestError';
    this.code = details.code;
    this.status = details.status;
    this.errors = details.errors ?? [];
  }
}

export function isGraphQLRequestError(error: unknown): error is GraphQLRequestError {
  return error instanceof GraphQLRequestError;
}

/** The GraphQL endpoint for an API base URL (trailing slashes ignored). */
export function graphqlUrl(baseUrl?: string | undefined): string {
  const base = baseUrl && baseUrl.trim() !== '' ? baseUrl.trim() : DEFAULT_API_URL;
  return `${base.replace(/\/+$/, '')}/graphql`;
}

function codeForStatus(status: number): string {
  if (status === 401) return ErrorCode.UNAUTHENTICATED;
  if (status === 403) return ErrorCode.FORBIDDEN;
  return ErrorCode.BAD_RESPONSE;
}

function readErrors(value: unknown): GraphQLErrorEntry[] | null {
  if (!Array.isArray(value) || value.length === 0) return null;
  return value.map((entry: unknown): GraphQLErrorEntry => {
    const object = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>) : {};
    const message = typeof object.message === 'string' ? object.message : 'Unknown GraphQL error';
    const extensions =
      typeof object.extensions === 'object' && object.extensions !== null
        ? (object.extensions as GraphQLErrorEntry['extensions'])
        : undefined;
    return extensions === undefined ? { message } : { message, extensions };
  });
}

export interface ExecuteOptions {
  /** full GraphQL endpoint URL */
  url: string;
  /** GraphQL document */
  query: string;
  variables?: Record<string, unknown>;
  /** sent as `Authorization: Bearer <key>` */
  apiKey?: string | null | undefined;
  /** defaults to the global fetch */
  fetchImpl?: typeof fetch;
  /** defaults to 10 s */
  timeoutMs?: number;
}

/**
 * Executes one GraphQL operation and resolves with its `data`.
 * Rejects with a GraphQLRequestError whose `code` is the first error's
 * `extensions.code`, or one of the client codes in ErrorCode.
 */
export async function executeGraphQL<T>(options: ExecuteOptions): Promise<T> {
  const { url, query, variables, apiKey, fetchImpl = fetch, timeoutMs = 10_000 } = options;
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (apiKey) headers.authorization = `Bearer ${apiKey}`;

  let response: Response;
  try {
    response = await fetchImpl(url, {
      method: 'POST',
      headers,
      body: JSON.stringify(variables === undefined ? { query } : { query, variables }),
      cache: 'no-store',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (cause) {
    throw new GraphQLRequestError(`Could not reach the Anneal API at ${url}.`, {
      code: ErrorCode.API_UNREACHABLE,
      cause,
    });
  }

  const status = response.status;
  let body: unknown;
  try {
    body = JSON.parse(await response.text());
  } catch (cause) {
    throw new GraphQLRequestError(`The Anneal API at ${url} returned HTTP ${status} without a GraphQL response.`, {
      code: codeForStatus(status),
      status,
      cause,
    });
  }

  const object = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const errors = readErrors(object.errors);
  if (errors) {
    const code = errors.find((e) => typeof e.extensions?.code === 'string')?.extensions?.code;
    throw new GraphQLRequestError(errors.map((e) => e.message).join('; '), {
      code: code ?? (response.ok ? ErrorCode.GRAPHQL_ERROR : codeForStatus(status)),
      status,
      errors,
    });
  }
  if (!response.ok) {
    throw new GraphQLRequestError(`The Anneal API at ${url} returned HTTP ${status}.`, {
      code: codeForStatus(status),
      status,
    });
  }
  if (typeof object.data !== 'object' || object.data === null) {
    throw new GraphQLRequestError('The Anneal API returned a response without data.', {
      code: ErrorCode.BAD_RESPONSE,
      status,
    });
  }
  return object.data as T;
}

/**
 * A sentence for people, explaining a failed API call. `unauthenticated` replaces the wording for
 * a refused credential where the form asked for something else than an API key.
 */
export function describeApiError(error: unknown, unauthenticated = 'The API key was not accepted. Check the key and try again.'): string {
  if (!isGraphQLRequestError(error)) {
    return error instanceof Error ? error.message : 'Unexpected error.';
  }
  switch (error.code) {
    case ErrorCode.UNAUTHENTICATED:
      return unauthenticated;
    case ErrorCode.FORBIDDEN:
      return 'This API key is not allowed to do that.';
    case ErrorCode.NOT_FOUND:
      return 'Not found.';
    case ErrorCode.API_UNREACHABLE:
      return `${error.message} Is the API server running?`;
    default:
      return error.message;
  }
}

/** The config or input problems an API error carries (`extensions.problems`), with their paths. */
export function problemsOf(error: unknown): Array<{ path: string; message: string }> {
  if (!isGraphQLRequestError(error)) return [];
  return error.errors.flatMap((e) => (Array.isArray(e.extensions?.problems) ? (e.extensions.problems as Array<{ path: string; message: string }>) : []));
}
