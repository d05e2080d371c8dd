// The one GraphQL client used by server components and server actions.
// Reads the API key from the session cookie; maps API errors to Next.js control
// flow: UNAUTHENTICATED → redirect to /signin, NOT_FOUND → notFound().
import { notFound, redirect } from 'next/navigation';
import {
  ErrorCode,
  GraphQLRequestError,
  executeGraphQL,
  graphqlUrl,
  isGraphQLRequestError,
} from './graphql-core.ts';
import { readApiKey } from './session';

export { ErrorCode, GraphQLRequestError, isGraphQLRequestError };

export type Variables = Record<string, unknown>;

// Every function here takes the operation's result type T and variables type V from the
// generated code (src/lib/generated/graphql.ts), e.g.
//   tryGql<ProjectQuery, ProjectQueryVariables>(PROJECT_QUERY, { id })

/** `${ANNEAL_API_URL ?? 'http://localhost:4000'}/graphql`, read at request time. */
export function apiEndpoint(): string {
  return graphqlUrl(process.env.ANNEAL_API_URL);
}

/**
 * Runs a query with an explicit credential (or none) and no Next.js control
 * flow; for checking a key before it is stored, and for signing in.
 */
export function requestWithKey<T, V extends Variables = Variables>(apiKey: string | null, query: string, variables?: V): Promise<T> {
  return executeGraphQL<T>(
    variables === undefined ? { url: apiEndpoint(), query, apiKey } : { url: apiEndpoint(), query, variables, apiKey },
  );
}

/**
 * Runs a query as the signed-in user. Redirects to /signin without a key or when
 * the API rejects it, calls notFound() on NOT_FOUND, and throws
 * GraphQLRequestError for anything else.
 */
export async function gql<T, V extends Variables = Variables>(query: string, variables?: V): Promise<T> {
  const apiKey = await readApiKey();
  if (!apiKey) redirect('/signin');
  try {
    return await requestWithKey<T, V>(apiKey, query, variables);
  } catch (error) {
    if (isGraphQLRequestError(error)) {
      if (error.code === ErrorCode.UNAUTHENTICATED) redirect('/signin?reason=expired');
      if (error.code === ErrorCode.NOT_FOUND) notFound();
    }
    throw error;
  }
}

export type QueryResult<T> = { ok: true; data: T } | { ok: false; error: GraphQLRequestError };

/**
 * Like gql(), but resolves API failures (unreachable, forbidden, bad input, …) to
 * `{ ok: false }` so a page can explain them inline; redirects and notFound()
 * still propagate.
 */
export async function tryGql<T, V extends Variables = Variables>(query: string, variables?: V): Promise<QueryResult<T>> {
  try {
    return { ok: true, data: await gql<T, V>(query, variables) };
  } catch (error) {
    if (isGraphQLRequestError(error)) return { ok: false, error };
    throw error;
  }
}

/**
 * Runs an operation as the signed-in person, for server actions (which report failures in the
 * form rather than redirecting). Without a credential it fails with SIGNED_OUT, whose message
 * describeApiError shows as it is.
 */
export async function requestAsSignedIn<T, V extends Variables = Variables>(query: string, variables?: V): Promise<T> {
  const credential = await readApiKey();
  if (!credential) throw new GraphQLRequestError('You are signed out. Sign in again.', { code: 'SIGNED_OUT' });
  return requestWithKey<T, V>(credential, query, variables);
}
